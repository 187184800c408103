import { Client } from 'pg';
import type { CentralDb } from '@nova/central-db';
import type { TenantDbConfig } from '@nova/config';
import Redis from 'ioredis';

export interface ComponentHealth {
  name: string;
  ok: boolean;
  latencyMs: number;
  error?: string;
}

async function timed(name: string, check: () => Promise<unknown>, timeoutMs = 5_000): Promise<ComponentHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)))]);
    return { name, ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { name, ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Connects, runs `SELECT 1`, disconnects: proves the database accepts new connections. */
export function checkPostgres(name: string, connectionString: string): Promise<ComponentHealth> {
  return timed(name, async () => {
    const client = new Client({ connectionString, connectionTimeoutMillis: 5_000, application_name: 'novabilling-health' });
    await client.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      await client.end();
    }
  });
}

export function checkRedis(url: string): Promise<ComponentHealth> {
  return timed('redis', async () => {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
    try {
      await redis.connect();
      await redis.ping();
    } finally {
      redis.disconnect();
    }
  });
}


/** The central database through the process's own pool (what serving a request needs): `SELECT 1`. */
export function checkCentralDatabase(central: CentralDb): Promise<ComponentHealth> {
  return timed('central-db', () => central.pool.query('SELECT 1'));
}

/**
 * Every configured tenant database server (TENANT_DB_SERVERS), each holding its tenants' live and test databases:
 * a new connection to its `postgres` database, `SELECT 1`, in parallel. One component per server, named
 * `tenant-db-server:<name>`, so a failing one is named in the answer.
 */
export function checkTenantDatabaseServers(config: TenantDbConfig): Promise<ComponentHealth[]> {
  return Promise.all(config.servers.map((server) => checkPostgres(`tenant-db-server:${server.name}`, `${server.url}/postgres`)));
}
