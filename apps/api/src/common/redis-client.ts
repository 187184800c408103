import type Redis from 'ioredis';

/**
 * Waits until a request-path Redis client is connected, at most `timeoutMs`: the first requests
 * should not meet a client still connecting, but Redis down must not stop the API's boot.
 */
export async function whenReady(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
    function done() {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    }
  });
}

/** Closes a client whether or not Redis is up: quit() waits for a reply that never comes while it is down. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
