import 'reflect-metadata';
import { HttpConfig, loadEnvFile } from '@nova/config';
import { createApiApp } from './bootstrap';
import { apiShutdown } from './common/http-lifecycle';

async function main(): Promise<void> {
  loadEnvFile();
  const app = await createApiApp();
  const http = app.get(HttpConfig);
  apiShutdown(app).listen();
  await app.listen(http.port, http.host);
}

void main();
