// Applies pending migrations to every tenant database, a bounded number at a time.
// Safe to re-run: applied migrations are skipped, and each database is locked while it migrates.
// Usage: npm run migrate:all-tenants [-- --concurrency 16]
import { mapWithConcurrency } from '@nova/common';
import { loadConfig, loadEnvFile } from '@nova/config';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { registeredTenantDatabases } from './support/registered-tenants';

function concurrencyArg(): number {
  const index = process.argv.indexOf('--concurrency');
  const value = Number(index >= 0 ? process.argv[index + 1] : process.env.MIGRATE_CONCURRENCY ?? 8);
  if (!Number.isInteger(value) || value < 1) throw new Error('--concurrency must be a positive integer');
  return value;
}

export async function migrateAllTenants(env: Record<string, string | undefined> = process.env, concurrency = 8, print: (line: string) => void = console.log): Promise<{ ok: number; failed: number }> {
  const config = loadConfig(env);
  const tenants = await registeredTenantDatabases(config);
  const migrations = await loadMigrations(config.tenantDb.migrationsDir);
  const started = performance.now();

  const outcomes = await mapWithConcurrency(tenants, concurrency, async (tenant) => {
    const { where } = tenant;
    try {
      const result = await migrateDatabase(tenant.url, migrations);
      print(`ok    ${tenant.slug.padEnd(24)} ${where}  ${result.applied.length ? `applied ${result.applied.join(', ')}` : 'up to date'}`);
      return true;
    } catch (error) {
      print(`FAIL  ${tenant.slug.padEnd(24)} ${where}  ${(error as Error).message}`);
      return false;
    }
  });

  const failed = outcomes.filter((ok) => !ok).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  print(`\n${tenants.length} tenant database(s): ${tenants.length - failed} migrated or up to date, ${failed} failed, in ${seconds} s (concurrency ${concurrency})`);
  return { ok: tenants.length - failed, failed };
}

if (require.main === module) {
  loadEnvFile();
  migrateAllTenants(process.env, concurrencyArg())
    .then(({ failed }) => process.exit(failed > 0 ? 1 : 0))
    .catch((error: Error) => {
      console.error(`migrate-all-tenants: ${error.message}`);
      process.exit(1);
    });
}
