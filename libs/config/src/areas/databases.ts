import { EnvReader } from '../env-reader';

const POSTGRES = ['postgres:', 'postgresql:'];

export class CentralDbConfig {
  constructor(
    readonly url: string,
    readonly poolMax: number,
  ) {}

  static fromEnv(env: EnvReader): CentralDbConfig {
    return new CentralDbConfig(env.url('CENTRAL_DATABASE_URL', POSTGRES), env.int('CENTRAL_DB_POOL_MAX', 10, { min: 1, max: 100 }));
  }
}

export interface TenantDbServer {
  name: string;
  /** Server URL without a database name; tenant databases are created on it. */
  url: string;
}

export class TenantDbConfig {
  constructor(
    readonly servers: TenantDbServer[],
    readonly defaultServer: string,
    /** `least-tenants` spreads new tenants; `default` keeps them all on the default server. */
    readonly placement: 'least-tenants' | 'default',
    readonly databasePrefix: string,
    readonly poolMax: number,
    readonly clientCacheMax: number,
    readonly clientIdleMs: number,
    readonly migrationsDir: string,
  ) {}

  server(name: string): TenantDbServer {
    const server = this.servers.find((candidate) => candidate.name === name);
    if (!server) throw new Error(`Tenant database server "${name}" is not configured (TENANT_DB_SERVERS)`);
    return server;
  }

  static fromEnv(env: EnvReader, central: CentralDbConfig): TenantDbConfig {
    const servers = TenantDbConfig.servers(env, central.url);
    const defaultServer = env.string('TENANT_DB_DEFAULT_SERVER', servers[0]?.name ?? 'default');
    env.check(servers.some((server) => server.name === defaultServer), `TENANT_DB_DEFAULT_SERVER "${defaultServer}" is not one of TENANT_DB_SERVERS`);
    const placement = env.string('TENANT_DB_PLACEMENT', 'least-tenants');
    env.check(placement === 'least-tenants' || placement === 'default', 'TENANT_DB_PLACEMENT must be least-tenants or default');
    const databasePrefix = env.string('TENANT_DB_PREFIX', 'nb_tenant_');
    env.check(/^[a-z][a-z0-9_]{0,30}$/.test(databasePrefix), 'TENANT_DB_PREFIX must be lower-case letters, digits and _');
    return new TenantDbConfig(
      servers,
      defaultServer,
      placement as TenantDbConfig['placement'],
      databasePrefix,
      env.int('TENANT_DB_POOL_MAX', 4, { min: 1, max: 50 }),
      env.int('TENANT_DB_CLIENT_CACHE_MAX', 50, { min: 1, max: 10_000 }),
      env.int('TENANT_DB_CLIENT_IDLE_MS', 300_000, { min: 1_000 }),
      env.string('TENANT_MIGRATIONS_DIR', `${process.cwd()}/prisma/tenant/migrations`),
    );
  }

  /** TENANT_DB_SERVERS, or by default the central database's own server, named "default". */
  private static servers(env: EnvReader, centralUrl: string): TenantDbServer[] {
    const entries = env.pairs('TENANT_DB_SERVERS');
    if (entries.length === 0) {
      const url = new URL(centralUrl || 'postgresql://postgres@127.0.0.1:5432/postgres');
      url.pathname = '';
      return [{ name: 'default', url: url.toString().replace(/\/$/, '') }];
    }
    return entries.map(({ key: name, value: url }) => {
      env.check(/^[a-z0-9_-]+$/i.test(name), `TENANT_DB_SERVERS server name "${name}" may only use letters, digits, _ and -`);
      try {
        env.check(POSTGRES.includes(new URL(url).protocol), `TENANT_DB_SERVERS server "${name}" must be a postgresql:// URL`);
      } catch {
        env.problems.push(`TENANT_DB_SERVERS server "${name}" has an invalid URL`);
      }
      return { name, url: url.replace(/\/$/, '') };
    });
  }
}
