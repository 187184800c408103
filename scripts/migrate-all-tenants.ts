// Applies pending migrations to every tenant database, live and test: each database server's
// databases in parallel with the others', a bounded number at a time per server (a fleet spread
// over several servers migrates as fast as its busiest one). A tenant registered before test mode
// gets its test database created, migrated and recorded on the way. Safe to re-run: applied
// migrations are skipped, and each database is locked while it migrates.
// Usage: npm run migrate:all-tenants [-- --concurrency 16]   (per server; MIGRATE_CONCURRENCY too)
import { mapWithConcurrency } from '@nova/common';
import { loadConfig, loadEnvFile } from '@nova/config';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { TenantDatabases, listTenantDatabases, setUpTestDatabase } from '@nova/tenancy';
import { RegisteredTenantDatabase, withCentralDb } from './support/registered-tenants';

function concurrencyArg(): number {
  const index = process.argv.indexOf('--concurrency');
  const value = Number(index >= 0 ? process.argv[index + 1] : process.env.MIGRATE_CONCURRENCY ?? 8);
  if (!Number.isInteger(value) || value < 1) throw new Error('--concurrency must be a positive integer');
  return value;
}

export interface MigrationProgress {
  readonly done: number;
  readonly failed: number;
  readonly total: number;
  readonly elapsedSeconds: number;
}

export interface MigrateAllOptions {
  /** Called after each database; a terminal shows it as one updating line. */
  readonly onProgress?: (progress: MigrationProgress) => void;
  /** Print a line per database that migrated or was up to date (failures are always printed). Default true. */
  readonly reportEachDatabase?: boolean;
}

/** Tenants grouped by database server, so each server gets its own lanes. */
function byServer(tenants: readonly RegisteredTenantDatabase[]): RegisteredTenantDatabase[][] {
  const groups = new Map<string, RegisteredTenantDatabase[]>();
  for (const tenant of tenants) groups.set(tenant.server, [...(groups.get(tenant.server) ?? []), tenant]);
  return [...groups.values()];
}

export async function migrateAllTenants(
  env: Record<string, string | undefined> = process.env,
  concurrencyPerServer = 8,
  print: (line: string) => void = console.log,
  options: MigrateAllOptions = {},
): Promise<{ ok: number; failed: number }> {
  const config = loadConfig(env);
  return withCentralDb(config, async (central) => {
    const databases = new TenantDatabases(config.tenantDb, central);
    const tenants = await listTenantDatabases(central, config.tenantDb, databases);
    const migrations = await loadMigrations(config.tenantDb.migrationsDir);
    const started = performance.now();
    const servers = byServer(tenants);
    let done = 0;
    let failed = 0;

    await Promise.all(
      servers.map((lane) =>
        mapWithConcurrency(lane, concurrencyPerServer, async (tenant) => {
          try {
            const result = tenant.toCreate ? await setUpTestDatabase(central, databases, tenant) : await migrateDatabase(tenant.url, migrations);
            const outcome = result.applied.length ? `applied ${result.applied.join(', ')}` : 'up to date';
            if (options.reportEachDatabase !== false) print(`ok    ${tenant.slug.padEnd(24)} ${tenant.mode.padEnd(4)} ${tenant.where}  ${tenant.toCreate ? 'created, ' : ''}${outcome}`);
          } catch (error) {
            failed++;
            print(`FAIL  ${tenant.slug.padEnd(24)} ${tenant.mode.padEnd(4)} ${tenant.where}  ${(error as Error).message}`);
          }
          done++;
          options.onProgress?.({ done, failed, total: tenants.length, elapsedSeconds: (performance.now() - started) / 1000 });
        }),
      ),
    );

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    print(
      `\n${tenants.length} tenant database(s) (live and test): ${tenants.length - failed} migrated or up to date, ${failed} failed, in ${seconds} s ` +
        `(${servers.length} server(s), concurrency ${concurrencyPerServer} per server)`,
    );
    return { ok: tenants.length - failed, failed };
  });
}

/** One line, rewritten in place: done/total, rate and time left. */
export function progressLine({ done, failed, total, elapsedSeconds }: MigrationProgress): string {
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const eta = rate > 0 ? Math.ceil((total - done) / rate) : undefined;
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  return `${done}/${total} (${percent} %)  ${rate.toFixed(1)} DB/s  ${eta === undefined ? '' : `ETA ${eta} s`}${failed ? `  ${failed} failed` : ''}`;
}

if (require.main === module) {
  loadEnvFile();
  // On a terminal: failures as lines, everything else as one progress line; in logs: a line per database.
  const terminal = process.stderr.isTTY === true;
  let lastDrawn = 0;
  const onProgress = terminal
    ? (progress: MigrationProgress) => {
        const now = Date.now();
        if (progress.done < progress.total && now - lastDrawn < 200) return;
        lastDrawn = now;
        process.stderr.write(`\r\x1b[2K${progressLine(progress)}${progress.done === progress.total ? '\n' : ''}`);
      }
    : undefined;
  const print = terminal ? (line: string) => process.stdout.write(`\r\x1b[2K${line}\n`) : console.log;
  migrateAllTenants(process.env, concurrencyArg(), print, { onProgress, reportEachDatabase: !terminal })
    .then(({ failed }) => process.exit(failed > 0 ? 1 : 0))
    .catch((error: Error) => {
      console.error(`migrate-all-tenants: ${error.message}`);
      process.exit(1);
    });
}
