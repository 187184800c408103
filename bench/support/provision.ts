// Provisioning many tenants through the application's own services (the same path as
// registration, minus argon2, which is not what these benchmarks measure).
import { INestApplicationContext } from '@nestjs/common';
import { Pool } from 'pg';
import { CentralDb } from '@nova/central-db';
import { TenantDirectory, TenantProvisioning, createApiKey, setTenantLimit } from '@nova/tenancy';
import { mapWithConcurrency, PG_SERVER_URL } from './bench-env';

export interface BenchTenant {
  id: string;
  slug: string;
  dbName: string;
  dbServer: string;
  apiKey: string;
}

/**
 * `count` tenants, each with a migrated database, a verified owner (live mode is open) and a live API key;
 * `concurrency` at a time. Their
 * plan allows any number of customers: the benchmarks create more than a signup plan's limit.
 */
export async function provisionTenants(app: INestApplicationContext, count: number, concurrency = 6): Promise<BenchTenant[]> {
  const provisioning = app.get(TenantProvisioning);
  const central = app.get(CentralDb);
  return mapWithConcurrency(Array.from({ length: count }, (_, index) => index), concurrency, async (index) => {
    const slug = `bench-${String(index).padStart(4, '0')}`;
    const { tenant } = await provisioning.provision({ slug, name: `Bench ${index}`, owner: { email: `owner@${slug}.test`, name: 'Owner', passwordHash: 'x', emailVerified: true } });
    const { secret } = await createApiKey(central, { tenantId: tenant.id, name: 'bench', mode: 'live' });
    await setTenantLimit(central, app.get(TenantDirectory), { slug, limit: 'customers', max: null });
    return { id: tenant.id, slug, dbName: tenant.dbName, dbServer: tenant.dbServer, apiKey: secret };
  });
}

/** Runs `work` on a one-connection pool to each tenant database, `concurrency` databases at a time. */
export async function forEachTenantDb(tenants: readonly BenchTenant[], concurrency: number, work: (pool: Pool, tenant: BenchTenant) => Promise<void>): Promise<void> {
  await mapWithConcurrency(tenants, concurrency, async (tenant) => {
    const pool = new Pool({ connectionString: `${PG_SERVER_URL}/${tenant.dbName}`, max: 1 });
    try {
      await work(pool, tenant);
    } finally {
      await pool.end();
    }
  });
}
