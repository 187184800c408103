// Operator commands for tenants:
//   npm run tenant -- list
//   npm run tenant -- suspend <slug>     every tenant endpoint answers 403, on every API process at once
//   npm run tenant -- resume <slug>
//   npm run tenant -- delete <slug> --yes   drops the tenant's database and registry rows (irreversible)
import { Client } from 'pg';
import { AppConfig, loadConfig, loadEnvFile } from '@nova/config';
import { InvalidationBus } from '@nova/queue';
import { dropTenantDatabase } from '@nova/tenancy';

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  status: string;
  db_server: string;
  db_name: string;
  created_at: Date;
}

export async function tenantCommand(args: string[], env: Record<string, string | undefined> = process.env, print: (line: string) => void = console.log): Promise<void> {
  const [command, slug] = args;
  const config = loadConfig(env);
  const central = new Client({ connectionString: config.centralDb.url });
  await central.connect();
  try {
    const find = async (): Promise<TenantRow> => {
      if (!slug) throw new Error(`usage: tenant ${command} <slug>`);
      const { rows } = await central.query<TenantRow>('SELECT * FROM tenants WHERE slug = $1', [slug]);
      if (!rows[0]) throw new Error(`no tenant with slug "${slug}"`);
      return rows[0];
    };
    switch (command) {
      case 'list': {
        const { rows } = await central.query<TenantRow>('SELECT * FROM tenants ORDER BY created_at');
        for (const row of rows) print(`${row.slug.padEnd(24)} ${row.status.padEnd(12)} ${`${row.db_name}@${row.db_server}`.padEnd(52)} ${row.name}`);
        print(`${rows.length} tenant(s)`);
        return;
      }
      case 'suspend':
      case 'resume': {
        const tenant = await find();
        const suspend = command === 'suspend';
        await central.query(`UPDATE tenants SET status = $2::"TenantStatus", suspended_at = $3, updated_at = now() WHERE id = $1`, [tenant.id, suspend ? 'suspended' : 'active', suspend ? new Date() : null]);
        await announceTenantChange(config, tenant.id);
        print(`${tenant.slug}: ${suspend ? 'suspended' : 'active'}`);
        return;
      }
      case 'delete': {
        const tenant = await find();
        if (!args.includes('--yes')) throw new Error(`this drops ${tenant.db_name} and all of ${tenant.slug}'s data: repeat with --yes`);
        await dropTenantDatabase(config.tenantDb.server(tenant.db_server).url, tenant.db_name);
        await central.query('DELETE FROM tenants WHERE id = $1', [tenant.id]);
        await announceTenantChange(config, tenant.id);
        print(`${tenant.slug}: deleted (database ${tenant.db_name} dropped)`);
        return;
      }
      default:
        throw new Error('usage: tenant list | suspend <slug> | resume <slug> | delete <slug> --yes');
    }
  } finally {
    await central.end();
  }
}

/** Running API and worker processes drop their cached copy of the tenant. */
async function announceTenantChange(config: AppConfig, tenantId: string): Promise<void> {
  const bus = new InvalidationBus(config.redis);
  try {
    await bus.publish('tenant-changed', tenantId);
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
