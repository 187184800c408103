import { EnvReader } from '../env-reader';

export class RedisConfig {
  constructor(
    readonly url: string,
    /** Namespaces BullMQ keys and invalidation channels: one installation (or test run) per prefix. */
    readonly queuePrefix: string,
  ) {}

  static fromEnv(env: EnvReader): RedisConfig {
    return new RedisConfig(env.url('REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379'), env.string('QUEUE_PREFIX', 'nova'));
  }
}
