import 'reflect-metadata';
import { HttpConfig, loadEnvFile } from '@nova/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  loadEnvFile();
  const app = await createApiApp();
  const http = app.get(HttpConfig);
  await app.listen(http.port, http.host);
}

void main();
