import { INestApplicationContext, Logger } from '@nestjs/common';
import { GracefulShutdown, ShutdownGate } from '@nova/common';
import { LifecycleConfig } from '@nova/config';
import { JobWorkers } from './job-workers';

/**
 * The worker's shutdown: every BullMQ worker stops taking jobs and its active jobs finish (up to
 * the deadline; a job cut off then is retried after its lock expires), and only then do queues,
 * Redis and database pools close.
 */
export function workerShutdown(app: INestApplicationContext): GracefulShutdown {
  const workers = app.get(JobWorkers).all();
  const gate = app.get(ShutdownGate);
  const logger = new Logger('Shutdown');
  return new GracefulShutdown(
    {
      // pause() waits for the active jobs and takes no new ones; close() would too, but could not be forced after.
      drain: async () => {
        gate.drain(); // /health/ready answers 503 from now on
        await Promise.all(workers.map((worker) => worker.pause()));
      },
      abandon: async () => {
        await Promise.all(workers.map((worker) => worker.close(true).catch(() => undefined)));
      },
      close: () => app.close(),
    },
    app.get(LifecycleConfig).shutdownDeadlineMs,
    { info: (fields, message) => logger.log(fields, message), warn: (fields, message) => logger.warn(fields, message), error: (fields, message) => logger.error(fields, message) },
  );
}
