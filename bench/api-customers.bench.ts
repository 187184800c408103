// Authenticated customers requests under load, spread round-robin over many tenants' API keys: the
// API process (request logging at its default level, info) against a bare Fastify + pg server in a
// process of its own doing the same work (bench/support/bare-server.ts), run interleaved (bare, API,
// bare, API) so that noise from the shared machine falls on both; and a bare pg query loop.
// Usage: node -r @swc-node/register bench/api-customers.bench.ts
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { startApi, startBareServer } from './support/app-process';
import { startPlatform } from './support/platform';
import { BENCH_DB_PREFIX, benchConfig, benchEnv, dropBenchDatabases, fmt, freshCentralDatabase, heading, PG_SERVER_URL, TENANT_CONNECTION_BUDGET, timed } from './support/bench-env';
import { BenchTenant, forEachTenantDb, provisionTenants } from './support/provision';

/** `BENCH_API_TENANTS` provisions fewer for a quick run (the hot set is at most the connection cache). */
const TENANTS = Number(process.env.BENCH_API_TENANTS ?? 100);
const CUSTOMERS_PER_TENANT = 20;
const CONNECTIONS = 16;
const DURATION_SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
const WARM_UP_SECONDS = 3;
/** Each tenant connection is one pooled PostgreSQL connection: the cache holds the whole budget. */
const POOL_MAX = 1;
const CLIENT_CACHE_MAX = TENANT_CONNECTION_BUDGET / POOL_MAX;

const LIST_SQL = `SELECT id, external_id, name, email, phone, currency, address, tax_id, metadata, created_at, updated_at
                    FROM customers ORDER BY created_at DESC, id DESC LIMIT 21`;

interface LoadFigures {
  requestsPerSecond: number;
  p99Ms: number;
  failures: number;
  /** CPU time the server process (all its threads) spent per answered request, µs; absent for the pg loop. */
  cpuMicrosPerRequest?: number;
}

/** A process's CPU time so far (user + system, all threads), µs, from /proc (Linux). */
function processCpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15 of stat)
  return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}
/** USER_HZ: 100 on Linux, whatever the kernel's own tick rate. */
const CLOCK_TICKS_PER_SECOND = 100;

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

type Workload = 'list' | 'get' | 'create';
const WORKLOADS: Record<Workload, string> = { list: 'GET /api/customers?limit=20', get: 'GET /api/customers/:id', create: 'POST /api/customers' };

/** One request per tenant of the workload; `ids` holds one customer id per tenant (for 'get'). */
function requestsFor(workload: Workload, tenants: readonly BenchTenant[], ids: ReadonlyMap<string, string>) {
  return tenants.map((tenant) => {
    const headers = { authorization: `Bearer ${tenant.apiKey}` };
    if (workload === 'list') return { method: 'GET' as const, path: '/api/customers?limit=20', headers };
    if (workload === 'get') return { method: 'GET' as const, path: `/api/customers/${ids.get(tenant.dbName)}`, headers };
    return { method: 'POST' as const, path: '/api/customers', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Bench Customer', email: 'bench@example.test' }) };
  });
}

/**
 * Load on a server for `seconds`. With the server's pid, also the CPU it spent per request: on a
 * machine shared with other work, throughput swings with the neighbours' load, CPU per request much less.
 */
async function httpLoad(url: string, tenants: readonly BenchTenant[], workload: Workload = 'list', ids: ReadonlyMap<string, string> = new Map(), seconds = DURATION_SECONDS, pid?: number): Promise<LoadFigures> {
  const cpuBefore = pid === undefined ? 0 : processCpuMicros(pid);
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    // Load generation in its own thread, so it does not share the API's event loop.
    workers: 1,
    // Every connection walks the whole list, so consecutive requests hit different tenants.
    requests: requestsFor(workload, tenants, ids),
  });
  const total = Math.max(1, (result.requests as unknown as { total: number }).total);
  const cpuMicrosPerRequest = pid === undefined ? undefined : (processCpuMicros(pid) - cpuBefore) / total;
  const failures = result.non2xx + result.errors + result.timeouts;
  // Error answers are cheap and fast: a run that mostly fails would print a flattering ratio.
  if (failures > total / 100) throw new Error(`${workload}: ${failures} of ${total} requests failed (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}); the figures would mean nothing`);
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, failures, cpuMicrosPerRequest };
}

async function firstCustomerIds(tenants: readonly BenchTenant[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await forEachTenantDb(tenants, 8, async (pool, tenant) => {
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM customers ORDER BY created_at LIMIT 1');
    ids.set(tenant.dbName, rows[0]!.id);
  });
  return ids;
}

const mean = (runs: readonly LoadFigures[]): LoadFigures => ({
  requestsPerSecond: runs.reduce((sum, run) => sum + run.requestsPerSecond, 0) / runs.length,
  p99Ms: Math.max(...runs.map((run) => run.p99Ms)),
  failures: runs.reduce((sum, run) => sum + run.failures, 0),
  cpuMicrosPerRequest: runs.reduce((sum, run) => sum + (run.cpuMicrosPerRequest ?? 0), 0) / runs.length,
});

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
  const cpu = figures.cpuMicrosPerRequest === undefined ? '' : `  CPU ${fmt(figures.cpuMicrosPerRequest).padStart(5)} µs/req`;
  const cpuRatio = baseline?.cpuMicrosPerRequest && figures.cpuMicrosPerRequest ? ` (bare's CPU/req ÷ this: ${(baseline.cpuMicrosPerRequest / figures.cpuMicrosPerRequest).toFixed(2)}×)` : '';
  console.log(`${label.padEnd(52)} ${fmt(figures.requestsPerSecond).padStart(7)} req/s  p99 ${fmt(figures.p99Ms, 1).padStart(6)} ms  failures ${figures.failures}${cpu}${ratio}${cpuRatio}`);
}

export async function benchApiCustomers(): Promise<void> {
  heading(`API: customers (list, get, create) against a bare Fastify + pg server, ${TENANTS} tenants × ${CUSTOMERS_PER_TENANT} customers`);
  console.log(`connection budget: TENANT_DB_CLIENT_CACHE_MAX=${CLIENT_CACHE_MAX} × TENANT_DB_POOL_MAX=${POOL_MAX} = ${CLIENT_CACHE_MAX * POOL_MAX} tenant connections (+4 central); load: ${CONNECTIONS} connections × ${DURATION_SECONDS} s`);
  await freshCentralDatabase();
  const overrides = { TENANT_DB_POOL_MAX: String(POOL_MAX), TENANT_DB_CLIENT_CACHE_MAX: String(CLIENT_CACHE_MAX) };
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
  try {
    // Tenants are set up through the libraries, then the real API process serves the load.
    const platform = await startPlatform(benchConfig(overrides));
    const { result: tenants, seconds } = await timed(() => provisionTenants(platform, TENANTS)).finally(() => platform.close());
    console.log(`provisioned ${TENANTS} tenants (database + migration + API key) in ${seconds.toFixed(1)} s`);
    await seedCustomers(tenants);

    // Tenants whose connections all fit the cache, and the full set that does not.
    const hot = tenants.slice(0, CLIENT_CACHE_MAX);
    const baseline = await bareQueryLoop(hot);

    const ids = await firstCustomerIds(hot);

    // One server at a time holds the hot tenants' connections (within the budget of 60): each round
    // starts the bare server, runs every workload, stops it, then does the same with the API.
    const apiEnv = benchEnv({ ...overrides, LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'info' });
    const workloads = (process.env.BENCH_API_WORKLOADS ?? 'list,get,create').split(',') as Workload[];
    const rounds = Number(process.env.BENCH_API_ROUNDS ?? 2);
    const runs = new Map(workloads.map((workload) => [workload, { bare: [] as LoadFigures[], api: [] as LoadFigures[] }]));
    let peakHot = 0;
    for (let round = 1; round <= rounds; round++) {
      for (const kind of ['bare', 'api'] as const) {
        const server = kind === 'bare' ? await startBareServer(benchEnv(overrides), PG_SERVER_URL) : await startApi(apiEnv);
        if (kind === 'bare') bare = server;
        else api = server;
        try {
          for (const workload of workloads) await httpLoad(server.url!, hot, workload, ids, WARM_UP_SECONDS); // JIT warm-up
          for (const workload of workloads) {
            const figures = await httpLoad(server.url!, hot, workload, ids, DURATION_SECONDS, server.child.pid);
            runs.get(workload)![kind].push(figures);
            line(`round ${round}: ${kind === 'bare' ? 'bare Fastify+pg' : 'API'}, ${WORKLOADS[workload]}`, figures, kind === 'api' ? runs.get(workload)!.bare[round - 1] : undefined);
          }
          peakHot = Math.max(peakHot, await connectionCount());
          if (kind === 'api' && round === rounds) {
            const apiAll = await httpLoad(server.url!, tenants);
            line(`API, list, keys of all ${TENANTS} tenants (cache churns)`, apiAll);
          }
        } finally {
          await server.stop();
          bare = api = undefined;
        }
      }
    }

    line(`baseline: bare pg keyset query, ${hot.length} tenant DBs`, baseline);
    for (const [workload, result] of runs) {
      const bareMean = mean(result.bare);
      const apiMean = mean(result.api);
      line(`${WORKLOADS[workload]}: bare Fastify+pg (mean)`, bareMean);
      line(`${WORKLOADS[workload]}: API (mean, worst p99)`, apiMean, bareMean);
      const ratio = apiMean.requestsPerSecond / bareMean.requestsPerSecond;
      console.log(`  target ≥ 0.8× bare and p99 < 25 ms: ${ratio >= 0.8 && apiMean.p99Ms < 25 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}×, p99 ${fmt(apiMean.p99Ms, 1)} ms)`);
    }
    console.log(`most bench DB connections seen after a run: ${peakHot}`);
  } finally {
    await bare?.stop();
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
