// Prisma CLI configuration for the central database (the tenant registry).
// `engine: 'js'` + a driver adapter keep the CLI offline: it never downloads a native engine.
// The CLI connects only to read (`db pull`, `migrate diff`, `migrate status`); libs/migrator applies
// migrations. prisma/cli-adapter.ts explains the adapter it uses.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { prismaCliAdapter } from '../cli-adapter';

process.env.CENTRAL_DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/postgres';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'migrations') },
  async adapter() {
    return prismaCliAdapter(process.env.PRISMA_CLI_DATABASE_URL ?? process.env.CENTRAL_DATABASE_URL!);
  },
});
