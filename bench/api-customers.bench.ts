// Authenticated GET /api/customers?limit=20 under load, requests spread round-robin over many
// tenants' API keys, against a bare pg loop running the same keyset query on the same databases.
// Usage: node -r @swc-node/register bench/api-customers.bench.ts
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { startApi } from './support/app-process';
import { startPlatform } from './support/platform';
import { BENCH_DB_PREFIX, benchConfig, benchEnv, dropBenchDatabases, fmt, freshCentralDatabase, heading, PG_SERVER_URL, TENANT_CONNECTION_BUDGET, timed } from './support/bench-env';
import { BenchTenant, forEachTenantDb, provisionTenants } from './support/provision';

const TENANTS = 100;
const CUSTOMERS_PER_TENANT = 20;
const CONNECTIONS = 16;
const DURATION_SECONDS = 10;
/** Each tenant connection is one pooled PostgreSQL connection: the cache holds the whole budget. */
const POOL_MAX = 1;
const CLIENT_CACHE_MAX = TENANT_CONNECTION_BUDGET / POOL_MAX;

const LIST_SQL = `SELECT id, external_id, name, email, phone, currency, address, tax_id, metadata, created_at, updated_at
                    FROM customers ORDER BY created_at DESC, id DESC LIMIT 21`;

interface LoadFigures {
  requestsPerSecond: number;
  p99Ms: number;
  failures: number;
}

async function seedCustomers(tenants: readonly BenchTenant[]): Promise<void> {
  await forEachTenantDb(tenants, 8, async (pool) => {
    await pool.query(
      `INSERT INTO customers (id, name, email, created_at, updated_at)
       SELECT gen_random_uuid(), 'Customer ' || n, 'customer' || n || '@example.test', now() - n * interval '1 minute', now()
         FROM generate_series(1, $1) AS n`,
      [CUSTOMERS_PER_TENANT],
    );
  });
}

/** `CONNECTIONS` loops, each taking the next tenant in turn, for the same duration as the HTTP run. */
async function bareQueryLoop(tenants: readonly BenchTenant[]): Promise<LoadFigures> {
  const pools = tenants.map((tenant) => new Pool({ connectionString: `${PG_SERVER_URL}/${tenant.dbName}`, max: POOL_MAX }));
  try {
    await Promise.all(pools.map((pool) => pool.query('SELECT 1'))); // connect outside the timing, like the warmed API
    const latencies: number[] = [];
    let next = 0;
    const deadline = performance.now() + DURATION_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < deadline) {
          const pool = pools[next++ % pools.length]!;
          const started = performance.now();
          const { rows } = await pool.query(LIST_SQL);
          if (rows.length !== CUSTOMERS_PER_TENANT) throw new Error(`expected ${CUSTOMERS_PER_TENANT} rows, got ${rows.length}`);
          latencies.push(performance.now() - started);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    return { requestsPerSecond: latencies.length / DURATION_SECONDS, p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0, failures: 0 };
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
  }
}

async function httpLoad(url: string, tenants: readonly BenchTenant[]): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    // Load generation in its own thread, so it does not share the API's event loop.
    workers: 1,
    // Every connection walks the whole list, so consecutive requests hit different tenants.
    requests: tenants.map((tenant) => ({ method: 'GET' as const, path: '/api/customers?limit=20', headers: { authorization: `Bearer ${tenant.apiKey}` } })),
  });
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, failures: result.non2xx + result.errors + result.timeouts };
}

async function connectionCount(): Promise<number> {
  const pool = new Pool({ connectionString: `${PG_SERVER_URL}/postgres`, max: 1 });
  try {
    const { rows } = await pool.query<{ count: string }>(`SELECT count(*) FROM pg_stat_activity WHERE datname LIKE $1`, [`${BENCH_DB_PREFIX}%`]);
    return Number(rows[0]!.count);
  } finally {
    await pool.end();
  }
}

function line(label: string, figures: LoadFigures, baseline?: LoadFigures): void {
  const ratio = baseline ? `  = ${(figures.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}× baseline` : '';
  console.log(`${label.padEnd(46)} ${fmt(figures.requestsPerSecond).padStart(7)} req/s  p99 ${fmt(figures.p99Ms, 1).padStart(6)} ms  failures ${figures.failures}${ratio}`);
}

export async function benchApiCustomers(): Promise<void> {
  heading(`API: GET /api/customers?limit=20, ${TENANTS} tenants × ${CUSTOMERS_PER_TENANT} customers`);
  console.log(`connection budget: TENANT_DB_CLIENT_CACHE_MAX=${CLIENT_CACHE_MAX} × TENANT_DB_POOL_MAX=${POOL_MAX} = ${CLIENT_CACHE_MAX * POOL_MAX} tenant connections (+4 central); load: ${CONNECTIONS} connections × ${DURATION_SECONDS} s`);
  await freshCentralDatabase();
  const overrides = { TENANT_DB_POOL_MAX: String(POOL_MAX), TENANT_DB_CLIENT_CACHE_MAX: String(CLIENT_CACHE_MAX) };
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    // Tenants are set up through the libraries, then the real API process serves the load.
    const platform = await startPlatform(benchConfig(overrides));
    const { result: tenants, seconds } = await timed(() => provisionTenants(platform, TENANTS)).finally(() => platform.close());
    console.log(`provisioned ${TENANTS} tenants (database + migration + API key) in ${seconds.toFixed(1)} s`);
    await seedCustomers(tenants);

    // Tenants whose connections all fit the cache, and the full set that does not.
    const hot = tenants.slice(0, CLIENT_CACHE_MAX);
    const baseline = await bareQueryLoop(hot);

    api = await startApi(benchEnv(overrides));
    const url = api.url!;
    await httpLoad(url, hot.slice(0, 1)); // JIT warm-up
    const apiHot = await httpLoad(url, hot);
    const peakHot = await connectionCount();
    const apiAll = await httpLoad(url, tenants);

    line(`baseline: bare pg keyset query, ${hot.length} tenant DBs`, baseline);
    line(`API process, keys of ${hot.length} tenants (fit the cache)`, apiHot, baseline);
    line(`API process, keys of all ${TENANTS} tenants (cache churns)`, apiAll, baseline);
    console.log(`bench DB connections after the hot run: ${peakHot}; target ≥ 5,000 req/s: ${apiHot.requestsPerSecond >= 5000 ? 'met' : 'MISSED'} (hot), ${apiAll.requestsPerSecond >= 5000 ? 'met' : 'MISSED'} (all ${TENANTS})`);
  } finally {
    await api?.stop();
    await dropBenchDatabases();
  }
}

if (require.main === module) {
  benchApiCustomers().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
