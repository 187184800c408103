// CPU time the API spends per request in its own chain (Fastify hooks, guards, pipes, handler, pg,
// serialisation, request log line), without sockets or a load generator: the API built in this
// process (createApiApp, request logging at `info` to stdout), driven by Fastify's inject one request
// at a time, CPU from process.cpuUsage() over the run. On a machine shared with other work this
// swings far less than req/s does, and an A/B of two commits run back to back compares the chains.
// Usage: node -r @swc-node/register bench/api-chain-cpu.ts > /dev/null  (figures go to stderr)
//   CHAIN_REQUESTS (3000 per workload), CHAIN_WORKLOADS (list,get,create), BENCH_DB_PREFIX.
import 'reflect-metadata';
import { createApiApp } from '../apps/api/src/bootstrap';
import { startPlatform } from './support/platform';
import { benchConfig, benchEnv, dropBenchDatabases, freshCentralDatabase } from './support/bench-env';
import { forEachTenantDb, provisionTenants } from './support/provision';

const report = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const requests = Number(process.env.CHAIN_REQUESTS ?? 3000);
  const workloads = (process.env.CHAIN_WORKLOADS ?? 'list,get,create').split(',');
  await freshCentralDatabase();
  try {
    const platform = await startPlatform(benchConfig());
    const [tenant] = await provisionTenants(platform, 1).finally(() => platform.close());
    let id = "";
    await forEachTenantDb([tenant!], 1, async (pool) => {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO customers (id, name, email, created_at, updated_at)
         SELECT gen_random_uuid(), 'Customer ' || n, 'customer' || n || '@example.test', now() - n * interval '1 minute', now() FROM generate_series(1, 20) AS n RETURNING id`,
      );
      id = rows[0]!.id;
    });
    Object.assign(process.env, benchEnv({ LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'info', LOG_FORMAT: 'json' }));
    const app = await createApiApp();
    await app.init();
    const fastify = app.getHttpAdapter().getInstance();
    const headers = { authorization: `Bearer ${tenant!.apiKey}` };
    const send: Record<string, () => Promise<{ statusCode: number; body: string }>> = {
      list: () => fastify.inject({ method: 'GET', url: '/api/customers?limit=20', headers }),
      get: () => fastify.inject({ method: 'GET', url: `/api/customers/${id}`, headers }),
      create: () => fastify.inject({ method: 'POST', url: '/api/customers', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'Bench Customer', email: 'bench@example.test' }) }),
    };
    try {
      for (const workload of workloads) {
        for (let i = 0; i < Math.min(500, requests); i++) await send[workload]!(); // JIT warm-up
        const started = process.cpuUsage();
        const wall = performance.now();
        for (let i = 0; i < requests; i++) {
          const answer = await send[workload]!();
          if (answer.statusCode >= 300) throw new Error(`${workload}: ${answer.statusCode} ${answer.body}`);
        }
        const cpu = process.cpuUsage(started);
        report(`${workload.padEnd(7)} ${((cpu.user + cpu.system) / requests).toFixed(0).padStart(5)} µs CPU/request (user ${(cpu.user / requests).toFixed(0)}, system ${(cpu.system / requests).toFixed(0)}), ${((performance.now() - wall) / requests).toFixed(2)} ms wall, ${requests} requests one at a time`);
      }
    } finally {
      await app.close();
    }
  } finally {
    await dropBenchDatabases();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
