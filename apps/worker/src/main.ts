import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadEnvFile } from '@nova/config';
import { workerShutdown } from './lifecycle/worker-shutdown';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  loadEnvFile();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  // Ordered shutdown (jobs finish, then queues and pools close), not Nest's module-by-module hooks.
  workerShutdown(app).listen();
  app.get(Logger).log('Worker running');
}

void main();
