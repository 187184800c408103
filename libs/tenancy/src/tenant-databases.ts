import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { TenantDbConfig } from '@nova/config';
import { CentralDb } from '@nova/central-db';
import type { TenantMode } from '@nova/domain';
import { Migration, MigrateResult, loadMigrations, migrateDatabase } from '@nova/migrator';
import { tenantDatabaseUrl } from './tenant-connections';
import { countTenantsByServer } from './tenants.repository';

const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates, migrates and drops tenant databases on the configured PostgreSQL servers, and decides
 * where a new tenant's database goes.
 */
@Injectable()
export class TenantDatabases {
  private migrations?: Promise<Migration[]>;

  constructor(
    private readonly config: TenantDbConfig,
    private readonly central: CentralDb,
  ) {}

  /**
   * The live database is `<prefix><id as 32 hex digits>`; the test one `<prefix><id in base 32>_test`:
   * the id's 26 base-32 digits leave room for the suffix within PostgreSQL's 63 bytes for any
   * TENANT_DB_PREFIX (≤ 31 characters).
   */
  databaseNameFor(tenantId: string, mode: TenantMode = 'live'): string {
    const hex = tenantId.replace(/-/g, '');
    if (mode === 'live') return `${this.config.databasePrefix}${hex}`;
    return `${this.config.databasePrefix}${BigInt(`0x${hex}`).toString(32).padStart(26, '0')}_test`;
  }

  /** Placement policy: the configured server holding the fewest tenants (or always the default). */
  async chooseServer(): Promise<string> {
    if (this.config.placement === 'default' || this.config.servers.length === 1) return this.config.defaultServer;
    const load = await countTenantsByServer(this.central.pool);
    return this.config.servers
      .map((server) => server.name)
      .reduce((best, name) => ((load.get(name) ?? 0) < (load.get(best) ?? 0) ? name : best), this.config.defaultServer);
  }

  /**
   * A test database says so itself (`nova.livemode` = false for every session on it): what is
   * written into it, like the events outbox's `livemode`, cannot claim to be live.
   */
  async create(dbServer: string, dbName: string, mode: TenantMode = 'live'): Promise<void> {
    await onServer(this.config.server(dbServer).url, async (client) => {
      await client.query(`CREATE DATABASE ${quoteIdentifier(dbName)}`);
      if (mode === 'test') await client.query(`ALTER DATABASE ${quoteIdentifier(dbName)} SET nova.livemode = 'false'`);
    });
  }

  /** Drops the database, disconnecting anyone still using it. Missing databases are fine. */
  drop(dbServer: string, dbName: string): Promise<void> {
    return dropTenantDatabase(this.config.server(dbServer).url, dbName);
  }

  async exists(dbServer: string, dbName: string): Promise<boolean> {
    const result = await onServer(this.config.server(dbServer).url, (client) => client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]));
    return result.rowCount === 1;
  }

  async migrate(ref: { dbServer: string; dbName: string }, log?: (line: string) => void): Promise<MigrateResult> {
    this.migrations ??= loadMigrations(this.config.migrationsDir);
    return migrateDatabase(tenantDatabaseUrl(this.config, ref), await this.migrations, { log });
  }

}

/** Where a tenant's databases are: the live one, and the test one once it exists. */
export function tenantDatabasesOf(tenant: { dbServer: string; dbName: string; testDbServer: string | null; testDbName: string | null }): { mode: TenantMode; dbServer: string; dbName: string }[] {
  const live = { mode: 'live' as const, dbServer: tenant.dbServer, dbName: tenant.dbName };
  if (!tenant.testDbServer || !tenant.testDbName) return [live];
  return [live, { mode: 'test' as const, dbServer: tenant.testDbServer, dbName: tenant.testDbName }];
}

/** DROP DATABASE … WITH (FORCE) on a server, for the provisioner and the operator script alike. */
export async function dropTenantDatabase(serverUrl: string, dbName: string): Promise<void> {
  await onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(dbName)} WITH (FORCE)`));
}

/** One short-lived connection to a server's maintenance database. */
async function onServer<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${serverUrl}/postgres`, application_name: 'novabilling-provisioner' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function quoteIdentifier(name: string): string {
  if (!SAFE_IDENTIFIER.test(name)) throw new Error(`Refusing unsafe database name "${name}"`);
  return `"${name}"`;
}
