// Operator commands for tenants:
//   npm run tenant -- list
//   npm run tenant -- suspend <slug>     every tenant endpoint answers 403, on every API process at once
//   npm run tenant -- resume <slug>
//   npm run tenant -- delete <slug> --yes   drops the tenant's database and registry rows (irreversible)
import { loadConfig, loadEnvFile } from '@nova/config';
import { InvalidationBus } from '@nova/queue';
import { DeleteTenant, ReactivateTenant, SuspendTenant, TenantConnections, TenantDatabases, TenantDirectory, getTenantBySlug, listTenants, tenantDatabasesOf } from '@nova/tenancy';
import { withCentralDb } from './support/registered-tenants';

const USAGE = 'usage: tenant list | suspend <slug> | resume <slug> | delete <slug> --yes';

export async function tenantCommand(args: string[], env: Record<string, string | undefined> = process.env, print: (line: string) => void = console.log): Promise<void> {
  const [command, slug] = args;
  if (!['list', 'suspend', 'resume', 'delete'].includes(command ?? '')) throw new Error(USAGE);
  if (command !== 'list' && !slug) throw new Error(`usage: tenant ${command} <slug>`);
  const config = loadConfig(env);
  // The same use cases as the API; the bus tells running API and worker processes to drop their cached copy of the tenant.
  const bus = new InvalidationBus(config.redis);
  try {
    await withCentralDb(config, async (central) => {
      const directory = new TenantDirectory(central, bus);
      switch (command) {
        case 'list': {
          const tenants = await listTenants(central);
          for (const tenant of tenants) print(`${tenant.slug.padEnd(24)} ${tenant.status.padEnd(12)} ${`${tenant.dbName}@${tenant.dbServer}`.padEnd(52)} ${tenant.name}`);
          print(`${tenants.length} tenant(s)`);
          return;
        }
        case 'suspend':
          await new SuspendTenant(central, directory).execute({ slug: slug! });
          print(`${slug}: suspended`);
          return;
        case 'resume':
          await new ReactivateTenant(central, directory).execute({ slug: slug! });
          print(`${slug}: active`);
          return;
        case 'delete': {
          const tenant = await getTenantBySlug(central, slug!);
          const dropped = tenantDatabasesOf(tenant).map(({ dbName }) => dbName).join(' and ');
          if (!args.includes('--yes')) throw new Error(`this drops ${dropped} and all of ${tenant.slug}'s data: repeat with --yes`);
          const connections = new TenantConnections(config.tenantDb);
          try {
            await new DeleteTenant(central, new TenantDatabases(config.tenantDb, central), connections, directory).execute({ slug: tenant.slug });
          } finally {
            await connections.onModuleDestroy();
          }
          print(`${tenant.slug}: deleted (databases ${dropped} dropped)`);
          return;
        }
      }
    });
  } finally {
    await bus.onModuleDestroy();
  }
}

if (require.main === module) {
  loadEnvFile();
  tenantCommand(process.argv.slice(2)).catch((error: Error) => {
    console.error(`tenant: ${error.message}`);
    process.exit(1);
  });
}
