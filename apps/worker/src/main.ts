import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadEnvFile } from '@nova/config';
import { workerShutdown } from './lifecycle/worker-shutdown';
import { WorkerHttpServer } from './ops/worker-http';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  loadEnvFile();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  // Metrics and health (WORKER_HTTP_PORT); in-process test workers skip it or listen on port 0.
  await app.get(WorkerHttpServer).listen();
  // Ordered shutdown (jobs finish, then queues and pools close), not Nest's module-by-module hooks.
  workerShutdown(app).listen();
  app.get(Logger).log('Worker running');
}

void main();
