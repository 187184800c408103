import { Client } from 'pg';
import { AppConfig } from '@nova/config';
import { tenantDatabaseUrl } from '@nova/tenancy';

export interface RegisteredTenantDatabase {
  slug: string;
  /** `<database>@<server>`, for operators' output. */
  where: string;
  url: string;
}

/** Every tenant whose database exists (provisioning ones are skipped), by slug. */
export async function registeredTenantDatabases(config: AppConfig): Promise<RegisteredTenantDatabase[]> {
  const central = new Client({ connectionString: config.centralDb.url });
  await central.connect();
  try {
    const { rows } = await central.query<{ slug: string; db_server: string; db_name: string }>(
      `SELECT slug, db_server, db_name FROM tenants WHERE status <> 'provisioning' ORDER BY slug`,
    );
    return rows.map((row) => ({
      slug: row.slug,
      where: `${row.db_name}@${row.db_server}`,
      url: tenantDatabaseUrl(config.tenantDb, { dbServer: row.db_server, dbName: row.db_name }),
    }));
  } finally {
    await central.end();
  }
}
