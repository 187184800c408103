// A CPU profile of the API process under the customers load, and where its self time goes by
// package: what bench/RESULTS.md's profiles of the API were made with. One tenant by default (its
// one pooled connection, like the benchmark's), load from autocannon in this process's worker thread.
// Usage: node -r @swc-node/register bench/api-profile.ts [list|get|create]
//   PROFILE_SECONDS (10), PROFILE_TENANTS (1), PROFILE_DIR (a temporary directory), PROFILE_SERVER (api, or bare), BENCH_DB_PREFIX.
import autocannon from 'autocannon';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, startBareServer } from './support/app-process';
import { startPlatform } from './support/platform';
import { PG_SERVER_URL, benchConfig, benchEnv, dropBenchDatabases, freshCentralDatabase, heading } from './support/bench-env';
import { forEachTenantDb, provisionTenants } from './support/provision';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  timeDeltas: number[];
}

/** CLOCK_MONOTONIC in µs: the clock of V8's profile timestamps, the same in every process. */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Self-time share per package (node_modules/<name>), per app/lib source tree, or per V8 pseudo-frame,
 * of the samples taken within [from, to] (µs, monotonic): the measured load, not start-up's compiling.
 */
function selfTimeByOwner(profile: Profile, from: number, to: number): [string, number][] {
  const owner = new Map<number, string>();
  for (const node of profile.nodes) {
    const { url, functionName } = node.callFrame;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    const source = /\/((?:apps|libs)\/[^/]+)\//.exec(url)?.[1];
    owner.set(node.id, pkg ?? source ?? (url.startsWith('node:') ? url : url ? 'other' : `(${functionName || 'native'})`));
  }
  const counts = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  profile.samples.forEach((sample, index) => {
    at += profile.timeDeltas[index]!;
    if (at < from || at > to) return;
    total += 1;
    counts.set(owner.get(sample)!, (counts.get(owner.get(sample)!) ?? 0) + 1);
  });
  return [...counts].map(([name, count]) => [name, count / total] as [string, number]).sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const workload = process.argv[2] ?? 'list';
  const seconds = Number(process.env.PROFILE_SECONDS ?? 10);
  const tenantsWanted = Number(process.env.PROFILE_TENANTS ?? 1);
  const dir = process.env.PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'nova-api-profile-'));
  // PROFILE_SERVER=bare profiles the bare Fastify + pg server instead, for a side-by-side reading.
  const server = process.env.PROFILE_SERVER === 'bare' ? 'bare' : 'api';
  heading(`${server === 'bare' ? 'Bare server' : 'API'} CPU profile: ${workload}, ${tenantsWanted} tenant(s), ${seconds} s`);
  await freshCentralDatabase();
  const overrides = { TENANT_DB_POOL_MAX: '1' };
  try {
    const platform = await startPlatform(benchConfig(overrides));
    const tenants = await provisionTenants(platform, tenantsWanted).finally(() => platform.close());
    const ids: string[] = [];
    await forEachTenantDb(tenants, 4, async (pool) => {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO customers (id, name, email, created_at, updated_at)
         SELECT gen_random_uuid(), 'Customer ' || n, 'customer' || n || '@example.test', now() - n * interval '1 minute', now() FROM generate_series(1, 20) AS n RETURNING id`,
      );
      ids.push(rows[0]!.id);
    });
    const requests = tenants.map((tenant, index) => {
      const headers = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };
      if (workload === 'get') return { method: 'GET' as const, path: `/api/customers/${ids[index]}`, headers };
      if (workload === 'create') return { method: 'POST' as const, path: '/api/customers', headers, body: JSON.stringify({ name: 'Bench Customer', email: 'bench@example.test' }) };
      return { method: 'GET' as const, path: '/api/customers?limit=20', headers };
    });
    // Warm up without the profiler's attention mattering much, then measure; the profile is written at exit.
    const profiled = { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] };
    const api = server === 'bare' ? await startBareServer(benchEnv(overrides), PG_SERVER_URL, profiled) : await startApi({ ...benchEnv(overrides), LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'info' }, profiled);
    let from = 0;
    let to = 0;
    try {
      await autocannon({ url: api.url!, connections: 16, duration: 3, workers: 1, requests });
      from = monotonicMicros();
      const result = await autocannon({ url: api.url!, connections: 16, duration: seconds, workers: 1, requests });
      to = monotonicMicros();
      console.log(`${result.requests.average} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);
    } finally {
      await api.stop();
    }
    const file = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).sort().at(-1)!;
    console.log(`profile: ${join(dir, file)} (measured window, monotonic µs: ${from}–${to})`);
    for (const [name, share] of selfTimeByOwner(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile, from, to).slice(0, 30)) console.log(`${(share * 100).toFixed(1).padStart(5)} %  ${name}`);
  } finally {
    await dropBenchDatabases();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
