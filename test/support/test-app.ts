import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@nova/config';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { testConfig } from './test-env';

export interface TestApp {
  config: AppConfig;
  api: NestFastifyApplication;
  worker?: INestApplicationContext;
  url: string;
  close(): Promise<void>;
}

/**
 * The real API on a random local port and, unless told otherwise, the real worker processors in
 * the same process, both on the test databases and a queue namespace of their own.
 */
export async function startTestApp(options: { env?: Record<string, string>; worker?: boolean } = {}): Promise<TestApp> {
  const config = testConfig(options.env);
  const api = await createApiApp(config, { logger: false });
  await api.listen(0, '127.0.0.1');
  const worker = options.worker === false ? undefined : await NestFactory.createApplicationContext(WorkerModule.forRoot(config, { scheduler: false }), { logger: false });
  await worker?.init();
  const address = api.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    config,
    api,
    worker,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await worker?.close();
      await api.close();
    },
  };
}
