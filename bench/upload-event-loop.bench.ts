// One request cannot stall the others: the real API (a child process of this script, so the
// client's work does not run on its thread) serves GET /health, probed every 10 ms by a second child
// that does nothing else, while
// it takes large uploads and a large export. For each scenario: the worst and p99 event-loop delay
// of the API's thread (perf_hooks.monitorEventLoopDelay in the API process, 1 ms resolution) and
// the probes' latency, counted from when each probe was due. Baselines in the same run: the same
// probes with nothing else running, and the deck import as it ran before (parse, group, compile
// and INSERT on the API's thread), run inside the API process under the same probes.
//
// Scenarios: the 85k-line synthetic deck (50,000 prefixes, 3.9 MB) as a multipart file; ten CDR
// files of 10,000 rows (the batch limit) as text/csv; a 1,000,000-row (61 MB) CDR file, refused
// at row 10,001; the CSV export of the 100,000 CDRs stored.
//
//   node -r @swc-node/register bench/upload-event-loop.bench.ts
import { ChildProcess as NodeChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Pool } from 'pg';
import { inTransaction } from '@nova/common';
import { compileRatingPlan, parseRateDeck, rateDeckToPlanData } from '@nova/rating';
import { insertRatePlan, replacePlanRows } from '@nova/telecom';
import { syntheticDeck } from '../libs/rating/src/testing/synthetic-traffic';

// Database names of this bench alone (freshCentralDatabase drops every database under the prefix).
process.env.BENCH_DB_PREFIX ??= 'nbupload_bench_';

const PROBE_EVERY_MS = 10;
const IDLE_MS = 3_000;
const BOUNDARY = 'bench-boundary';
const CDR_FILES = 10;
const CDR_ROWS = 10_000;

interface Figures {
  name: string;
  seconds: number;
  loopMaxMs: number;
  loopP99Ms: number;
  probes: number;
  probeP50Ms: number;
  probeP99Ms: number;
  probeMaxMs: number;
  rssMb: number;
  note: string;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Runs `work` while the prober process sends GET /health every PROBE_EVERY_MS; returns the figures. */
async function probed(api: ChildProcess, prober: ChildProcess, name: string, work: () => Promise<string>): Promise<Figures> {
  await api.call({ cmd: 'loop-start' });
  await prober.call({ cmd: 'probe-start', url: api.ready.url });
  const started = performance.now();
  const note = await work();
  const seconds = (performance.now() - started) / 1000;
  const probes = (await prober.call({ cmd: 'probe-stop' })) as { count: number; p50Ms: number; p99Ms: number; maxMs: number };
  const loop = (await api.call({ cmd: 'loop-stop' })) as { maxMs: number; p99Ms: number; rssMb: number };
  return { name, seconds, loopMaxMs: loop.maxMs, loopP99Ms: loop.p99Ms, probes: probes.count, probeP50Ms: probes.p50Ms, probeP99Ms: probes.p99Ms, probeMaxMs: probes.maxMs, rssMb: loop.rssMb, note };
}

/**
 * The prober child: GET /health every PROBE_EVERY_MS, each latency counted from when the probe was
 * due (a probe that could not be sent on time is late by that much). It does nothing else, so its
 * figures are the API's (and the machine's) responsiveness, not this script's.
 */
async function proberProcess(): Promise<void> {
  let stop: (() => Promise<unknown>) | undefined;
  const start = (url: string) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const latencies: number[] = [];
    const pending = new Set<Promise<void>>();
    let running = true;
    let due = performance.now();
    const probe = (dueAt: number) =>
      new Promise<void>((resolve) => {
        const req = httpRequest(`${url}/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - dueAt);
            resolve();
          });
        });
        req.on('error', () => resolve());
        req.end();
      });
    const tick = () => {
      if (!running) return;
      for (const now = performance.now(); due <= now; due += PROBE_EVERY_MS) {
        const sent = probe(due);
        pending.add(sent);
        void sent.then(() => pending.delete(sent));
      }
      setTimeout(tick, Math.max(0, due - performance.now()));
    };
    tick();
    stop = async () => {
      running = false;
      await Promise.all(pending);
      agent.destroy();
      const sorted = latencies.sort((a, b) => a - b);
      return { count: sorted.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: sorted[sorted.length - 1] ?? 0 };
    };
  };
  serve(async (command) => {
    if (command.cmd === 'probe-start') return void start(command.url);
    if (command.cmd === 'probe-stop') return stop!();
    if (command.cmd === 'exit') process.exit(0);
    throw new Error(`prober: unknown command ${command.cmd}`);
  });
  process.send!({ ready: {} });
}

/** POSTs `parts` as a streamed body (as a client on a fast link would), resolving with status and body. */
function post(url: string, apiKey: string, path: string, parts: Iterable<Buffer>, multipart: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': multipart ? `multipart/form-data; boundary=${BOUNDARY}` : 'text/csv' },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    void (async () => {
      const all = multipart
        ? [Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="upload.csv"\r\ncontent-type: text/csv\r\n\r\n`), ...parts, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]
        : parts;
      for (const part of all) {
        if (answered || req.destroyed) return;
        if (!req.write(part)) await new Promise<void>((next) => { const done = () => { req.off('drain', done).off('response', done).off('close', done); next(); }; req.on('drain', done).on('response', done).on('close', done); });
      }
      if (!answered) req.end();
    })();
  });
}

function* chunksOf(text: string, size = 64 * 1024): Generator<Buffer> {
  for (let at = 0; at < text.length; at += size) yield Buffer.from(text.slice(at, at + size));
}

function* cdrCsv(file: number, rows: number): Generator<Buffer> {
  let chunk = 'id,caller_number,called_number,started_at,duration_seconds\n';
  for (let n = 0; n < rows; n++) {
    chunk += `f${file}-${n},+2547${String(n % 10_000_000).padStart(8, '0')},+91982${String(n).padStart(7, '0')},2026-03-01T10:${String(n % 60).padStart(2, '0')}:00Z,${n % 600}\n`;
    if (chunk.length >= 64 * 1024) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  if (chunk) yield Buffer.from(chunk);
}

const SYNTHETIC_DECK = { prefixes: 50_000, seed: 2025, timezone: 'Asia/Kolkata', windowStart: '2025-03-01', windowDays: 60 };

type Command =
  | { cmd: 'loop-start' }
  | { cmd: 'loop-stop' }
  | { cmd: 'new-plan' }
  | { cmd: 'inline-deck'; planId: string }
  | { cmd: 'probe-start'; url: string }
  | { cmd: 'probe-stop' }
  | { cmd: 'exit' };

/** A child process driven over IPC: the prober (this script with `--prober`) or the probed API. */
interface ChildProcess {
  ready: { url: string; apiKey: string };
  call(command: Command): Promise<unknown>;
  stop(): Promise<void>;
}

async function startChild(role: '--prober'): Promise<ChildProcess> {
  const child = fork(__filename, [role], { execArgv: ['-r', '@swc-node/register'], env: process.env, stdio: 'inherit' });
  let next = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const ready = new Promise<{ url: string; apiKey: string }>((resolve, reject) => {
    child.on('message', (message: { ready?: { url: string; apiKey: string }; id?: number; result?: unknown; error?: string }) => {
      if (message.ready) return resolve(message.ready);
      const call = waiting.get(message.id!);
      waiting.delete(message.id!);
      if (message.error) call?.reject(new Error(message.error));
      else call?.resolve(message.result);
    });
    child.once('exit', (code) => reject(new Error(`${role} process exited (${code})`)));
  });
  return {
    ready: await ready,
    call: (command) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        child.send({ id, command });
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ id: -1, command: { cmd: 'exit' } });
      }),
  };
}

/** A child's side of the IPC: each command answered with its result or error. */
function serve(run: (command: Command) => Promise<unknown>): void {
  process.on('message', ({ id, command }: { id: number; command: Command }) => {
    run(command).then(
      (result) => process.send!({ id, result: result ?? null }),
      (error: Error) => process.send!({ id, error: error.stack ?? String(error) }),
    );
  });
}

/**
 * Preloaded into the real API process (`node -r`, BENCH_UPLOAD_ROLE=api-probe): measures that
 * process's event loop and runs the previous, all-on-the-API-thread deck import there, on the
 * commands above. It imports no app code: the API is started from its own entry point.
 */
function installApiProbe(): void {
  const pool = new Pool({ connectionString: `${process.env.BENCH_PG_SERVER_URL}/${process.env.BENCH_TENANT_DB}`, max: 2 });
  const deck = syntheticDeck(SYNTHETIC_DECK);
  let histogram = monitorEventLoopDelay({ resolution: 1 });
  let rss = 0;
  const rssTimer = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 50);
  rssTimer.unref();
  serve(async (command) => {
    switch (command.cmd) {
      case 'loop-start':
        histogram = monitorEventLoopDelay({ resolution: 1 });
        histogram.enable();
        rss = process.memoryUsage().rss;
        return null;
      case 'loop-stop':
        histogram.disable();
        return { maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, rssMb: rss / 1024 / 1024 };
      case 'new-plan': {
        const id = randomUUID();
        await inTransaction(pool, (client) =>
          insertRatePlan(client, id, { name: `bench ${id}`, currency: 'USD', timezone: deck.settings.timezone, rounding: deck.settings.rounding, timings: [...(deck.settings.timings ?? [])], bundles: [] }),
        );
        return id;
      }
      case 'inline-deck': {
        // importRateDeck as it was before the deck moved to a worker thread: all on this thread.
        const parsed = await parseRateDeck(deck.csv);
        const { data } = rateDeckToPlanData(parsed.rows, { ...deck.settings, id: command.planId });
        compileRatingPlan(data);
        await inTransaction(pool, (client) => replacePlanRows(client, command.planId, data.destinations, data.rates));
        return parsed.rows.length;
      }
      case 'exit':
        await pool.end();
        return null;
      default:
        throw new Error(`api probe: unknown command ${command.cmd}`);
    }
  });
}

/** IPC calls to a child that serves commands (the prober, or the probe in the API process). */
function ipcClient(child: NodeChildProcess): (command: Command) => Promise<unknown> {
  let next = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
    if (message.id === undefined) return;
    const call = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error) call?.reject(new Error(message.error));
    else call?.resolve(message.result);
  });
  return (command) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      child.send({ id, command });
    });
}

/** The real API process (apps/api/src/main.ts) with the probe preloaded, on the bench tenant. */
async function startProbedApi(tenant: { dbName: string; apiKey: string }): Promise<ChildProcess> {
  const { benchEnv, PG_SERVER_URL } = await import('./support/bench-env');
  const { startApi } = await import('./support/app-process');
  const api = await startApi(
    { ...benchEnv({ TENANT_DB_POOL_MAX: '4' }), BENCH_UPLOAD_ROLE: 'api-probe', BENCH_TENANT_DB: tenant.dbName, BENCH_PG_SERVER_URL: PG_SERVER_URL },
    { preload: [__filename], ipc: true },
  );
  const call = ipcClient(api.child);
  return {
    ready: { url: api.url!, apiKey: tenant.apiKey },
    call,
    stop: async () => {
      await call({ cmd: 'exit' });
      await api.stop();
    },
  };
}

async function main(): Promise<void> {
  const { benchConfig, dropBenchDatabases, fmt, freshCentralDatabase, heading } = await import('./support/bench-env');
  const { startPlatform } = await import('./support/platform');
  const { provisionTenants } = await import('./support/provision');
  heading('Uploads and the event loop: GET /health probed every 10 ms during large uploads and an export');
  await freshCentralDatabase();
  let api: ChildProcess | undefined;
  let prober: ChildProcess | undefined;
  try {
    const platform = await startPlatform(benchConfig({ TENANT_DB_POOL_MAX: '4' }));
    const [tenant] = await provisionTenants(platform, 1).finally(() => platform.close());
    api = await startProbedApi(tenant!);
    prober = await startChild('--prober');
    const { url, apiKey } = api.ready;
    const deck = syntheticDeck(SYNTHETIC_DECK);
    const results: Figures[] = [];
    const run = async (name: string, work: () => Promise<string>, record = true) => {
      const figures = await probed(api!, prober!, name, work);
      if (record) results.push(figures);
      console.log(`  ${name}: done in ${fmt(figures.seconds, 2)} s (${figures.note})`);
    };

    await run('warm-up (not recorded)', () => new Promise((resolve) => setTimeout(() => resolve('probes only'), 1_000)), false);
    await run('idle (baseline)', () => new Promise((resolve) => setTimeout(() => resolve('nothing else running'), IDLE_MS)));
    const inlinePlan = (await api.call({ cmd: 'new-plan' })) as string;
    await run('deck, previous code: parse + compile + INSERT on the API thread (baseline)', async () => `${fmt((await api!.call({ cmd: 'inline-deck', planId: inlinePlan })) as number)} lines`);
    const planId = (await api.call({ cmd: 'new-plan' })) as string;
    await run('deck upload, 85k lines, 3.9 MB, multipart (POST /api/rate-plans/:id/deck)', async () => {
      const answer = await post(url, apiKey, `/api/rate-plans/${planId}/deck`, chunksOf(deck.csv), true);
      if (answer.status !== 200) throw new Error(`deck upload: ${answer.status} ${answer.body}`);
      const report = JSON.parse(answer.body) as { prefixes: number; rates: number; rejectedCount: number };
      return `${fmt(report.prefixes)} prefixes, ${fmt(report.rates)} rates, ${report.rejectedCount} rejected`;
    });
    await run(`CDR uploads, ${CDR_FILES} × ${fmt(CDR_ROWS)} rows text/csv, one after another (POST /api/cdrs/upload)`, async () => {
      let accepted = 0;
      for (let file = 0; file < CDR_FILES; file++) {
        const answer = await post(url, apiKey, '/api/cdrs/upload', cdrCsv(file, CDR_ROWS), false);
        if (answer.status !== 202) throw new Error(`CDR upload: ${answer.status} ${answer.body}`);
        accepted += (JSON.parse(answer.body) as { accepted: number }).accepted;
      }
      return `${fmt(accepted)} CDRs stored`;
    });
    await run('CDR upload, 1,000,000 rows (61 MB) multipart: refused at row 10,001', async () => {
      const answer = await post(url, apiKey, '/api/cdrs/upload', cdrCsv(99, 1_000_000), true);
      if (answer.status !== 413) throw new Error(`oversize CDR upload: ${answer.status} ${answer.body}`);
      return `413 ${(JSON.parse(answer.body) as { message: string }).message}`;
    });
    await run('CDR export of the 100,000 stored (GET /api/cdrs/export)', async () => {
      const bytes = await new Promise<number>((resolve, reject) => {
        httpRequest(`${url}/api/cdrs/export`, { headers: { authorization: `Bearer ${apiKey}` } }, (res) => {
          let total = 0;
          res.on('data', (chunk: Buffer) => (total += chunk.length));
          res.on('end', () => resolve(total));
        })
          .on('error', reject)
          .end();
      });
      return `${fmt(bytes / 1024 / 1024, 1)} MB of CSV`;
    });

    console.log(`\n  ${'scenario (API process)'.padEnd(84)} ${'loop max'.padStart(9)} ${'loop p99'.padStart(9)} ${'probes'.padStart(7)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}  (ms)  RSS MB`);
    for (const r of results) {
      console.log(
        `  ${r.name.padEnd(84)} ${fmt(r.loopMaxMs, 1).padStart(9)} ${fmt(r.loopP99Ms, 1).padStart(9)} ${fmt(r.probes).padStart(7)} ${fmt(r.probeP50Ms, 1).padStart(7)} ${fmt(r.probeP99Ms, 1).padStart(7)} ${fmt(r.probeMaxMs, 1).padStart(7)}        ${fmt(r.rssMb)}`,
      );
    }
    console.log(`  load average ${loadavg().map((load) => load.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
  } finally {
    await prober?.stop();
    await api?.stop();
    await dropBenchDatabases();
  }
}

if (process.env.BENCH_UPLOAD_ROLE === 'api-probe') {
  installApiProbe();
} else if (process.argv.includes('--prober')) {
  proberProcess().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
} else if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
