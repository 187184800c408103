// Creates the central database if it does not exist and applies its pending migrations.
// Usage: npm run migrate:central
import { Client } from 'pg';
import { loadConfig, loadEnvFile } from '@nova/config';
import { loadMigrations, migrateDatabase } from '@nova/migrator';

export async function migrateCentral(env: Record<string, string | undefined> = process.env, print: (line: string) => void = console.log): Promise<void> {
  const config = loadConfig(env);
  const url = new URL(config.centralDb.url);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`Refusing to create database with unusual name "${database}"`);
      await admin.query(`CREATE DATABASE "${database}"`);
      print(`created central database ${database}`);
    }
  } finally {
    await admin.end();
  }
  const result = await migrateDatabase(config.centralDb.url, await loadMigrations(`${process.cwd()}/prisma/central/migrations`));
  print(`central database ${database}: ${result.applied.length ? `applied ${result.applied.join(', ')}` : 'up to date'}`);
}

if (require.main === module) {
  loadEnvFile();
  migrateCentral().catch((error: Error) => {
    console.error(`migrate-central: ${error.message}`);
    process.exit(1);
  });
}
