// CPU time per request of the API process against the bare Fastify + pg server
// (bench/support/bare-server.ts), each driven one request at a time over one keep-alive connection
// (no queueing, no competition between the two: one runs, then the other), the CPU read from
// /proc/<pid>/stat of the server process. On a machine shared with other work this swings far less
// than req/s under load does. Request logging at the API's default level (info).
// Usage: node -r @swc-node/register bench/api-chain-cpu.ts
//   CHAIN_REQUESTS (2000 per workload), CHAIN_WORKLOADS (list,get,create), CHAIN_ROUNDS (2), BENCH_DB_PREFIX.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { startApi, startBareServer } from './support/app-process';
import { startPlatform } from './support/platform';
import { PG_SERVER_URL, benchConfig, benchEnv, dropBenchDatabases, freshCentralDatabase, heading } from './support/bench-env';
import { forEachTenantDb, provisionTenants } from './support/provision';

/** A process's CPU time so far (user + system, all threads), µs (USER_HZ = 100 on Linux). */
function processCpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
}

function send(agent: Agent, url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request(`${url}${path}`, { method, headers, agent }, (answer) => {
      answer.resume();
      answer.on('end', () => resolve(answer.statusCode ?? 0));
    });
    call.on('error', reject);
    call.end(body);
  });
}

async function main(): Promise<void> {
  const requests = Number(process.env.CHAIN_REQUESTS ?? 2000);
  const rounds = Number(process.env.CHAIN_ROUNDS ?? 2);
  const workloads = (process.env.CHAIN_WORKLOADS ?? 'list,get,create').split(',');
  heading(`CPU per request, one at a time: API vs bare Fastify + pg (${requests} requests per workload, ${rounds} rounds)`);
  await freshCentralDatabase();
  try {
    const platform = await startPlatform(benchConfig());
    const [tenant] = await provisionTenants(platform, 1).finally(() => platform.close());
    let id = '';
    await forEachTenantDb([tenant!], 1, async (pool) => {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO customers (id, name, email, created_at, updated_at)
         SELECT gen_random_uuid(), 'Customer ' || n, 'customer' || n || '@example.test', now() - n * interval '1 minute', now() FROM generate_series(1, 20) AS n RETURNING id`,
      );
      id = rows[0]!.id;
    });
    const headers = { authorization: `Bearer ${tenant!.apiKey}` };
    const calls: Record<string, [string, string, Record<string, string>, string?]> = {
      list: ['GET', '/api/customers?limit=20', headers],
      get: ['GET', `/api/customers/${id}`, headers],
      create: ['POST', '/api/customers', { ...headers, 'content-type': 'application/json' }, JSON.stringify({ name: 'Bench Customer', email: 'bench@example.test' })],
    };
    const figures = new Map<string, number[]>();
    for (let round = 1; round <= rounds; round++) {
      for (const kind of ['bare', 'api'] as const) {
        const server = kind === 'bare' ? await startBareServer(benchEnv(), PG_SERVER_URL) : await startApi(benchEnv({ LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'info' }));
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        try {
          for (const workload of workloads) {
            const [method, path, callHeaders, body] = calls[workload]!;
            for (let i = 0; i < Math.min(500, requests); i++) await send(agent, server.url!, method, path, callHeaders, body); // JIT warm-up
            const before = processCpuMicros(server.child.pid!);
            const started = performance.now();
            for (let i = 0; i < requests; i++) {
              const status = await send(agent, server.url!, method, path, callHeaders, body);
              if (status >= 300) throw new Error(`${kind} ${workload}: ${status}`);
            }
            const cpu = (processCpuMicros(server.child.pid!) - before) / requests;
            figures.set(`${workload} ${kind}`, [...(figures.get(`${workload} ${kind}`) ?? []), cpu]);
            console.log(`round ${round}: ${kind.padEnd(4)} ${workload.padEnd(6)} ${cpu.toFixed(0).padStart(5)} µs CPU/request, ${((performance.now() - started) / requests).toFixed(2)} ms per request`);
          }
        } finally {
          agent.destroy();
          await server.stop();
        }
      }
    }
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    for (const workload of workloads) {
      const bare = mean(figures.get(`${workload} bare`)!);
      const api = mean(figures.get(`${workload} api`)!);
      console.log(`${workload.padEnd(6)} bare ${bare.toFixed(0).padStart(5)} µs, API ${api.toFixed(0).padStart(5)} µs CPU/request: bare ÷ API = ${(bare / api).toFixed(2)}× (target ≥ 0.8×)`);
    }
  } finally {
    await dropBenchDatabases();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
