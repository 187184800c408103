import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisConfig } from '@nova/config';
import { redisOptionsFromUrl } from './redis-connection';

/** What other processes must forget at once, with the id that names it. */
export type InvalidationTopic = 'api-key-revoked' | 'tenant-changed';

function invalidationChannel(queuePrefix: string, topic: InvalidationTopic): string {
  return `${queuePrefix}:invalidate:${topic}`;
}

/**
 * Tells every API and worker process to drop a cached entry (a revoked API key, a suspended
 * tenant) over Redis pub/sub, so in-process caches can be long-lived without serving stale
 * authorisations. Caches keep a TTL as well, in case a message is lost.
 */
@Injectable()
export class InvalidationBus implements OnModuleDestroy {
  private readonly logger = new Logger(InvalidationBus.name);
  private readonly handlers = new Map<string, ((id: string) => void)[]>();
  private subscriber?: Redis;
  private publisher?: Redis;

  constructor(private readonly redis: RedisConfig) {}

  on(topic: InvalidationTopic, handler: (id: string) => void): void {
    const channel = invalidationChannel(this.redis.queuePrefix, topic);
    const list = this.handlers.get(channel) ?? [];
    list.push(handler);
    this.handlers.set(channel, list);
    this.subscriber ??= this.connectSubscriber();
    this.subscriber.subscribe(channel).catch((error: Error) => this.logger.warn(`Subscribing to ${channel} failed: ${error.message}`));
  }

  async publish(topic: InvalidationTopic, id: string): Promise<void> {
    const channel = invalidationChannel(this.redis.queuePrefix, topic);
    // This process forgets at once, whether or not Redis delivers the message back.
    for (const handler of this.handlers.get(channel) ?? []) handler(id);
    this.publisher ??= new Redis({ ...redisOptionsFromUrl(this.redis.url), maxRetriesPerRequest: 2 });
    await this.publisher.publish(channel, id).catch((error: Error) => this.logger.warn(`Publishing to ${channel} failed: ${error.message}`));
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.subscriber?.quit(), this.publisher?.quit()].map((closing) => closing?.catch(() => undefined)));
  }

  private connectSubscriber(): Redis {
    const subscriber = new Redis(redisOptionsFromUrl(this.redis.url));
    subscriber.on('message', (channel: string, id: string) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(id);
    });
    subscriber.on('error', (error) => this.logger.warn(`Invalidation subscriber: ${error.message}`));
    return subscriber;
  }
}
