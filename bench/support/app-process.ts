// The API and the worker as benchmarks run them: real processes started from the sources with
// their own entry points (apps/*/src/main.ts), configured through the environment like a
// deployment, never imported. The load generator and the measured process do not share an event
// loop, and nothing in bench/ depends on an app's internals.
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface AppProcess {
  readonly child: ChildProcess;
  /** The API's base URL (undefined for the worker). */
  readonly url?: string;
  /** SIGTERM, and wait for the graceful shutdown to end. */
  stop(): Promise<void>;
}

export interface AppProcessOptions {
  /** Extra modules preloaded into the process (`node -r`), e.g. a probe that answers over IPC. */
  readonly preload?: readonly string[];
  /** Open an IPC channel (for a preloaded probe). */
  readonly ipc?: boolean;
  /** Node options that NODE_OPTIONS refuses, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
}

const READY_TIMEOUT_MS = 60_000;

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

function launch(entry: string, env: Record<string, string>, options: AppProcessOptions): ChildProcess {
  const requires = ['@swc-node/register', ...(options.preload ?? [])].flatMap((module) => ['-r', module]);
  return spawn(process.execPath, [...(options.nodeArgs ?? []), ...requires, entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', ...(options.ipc ? (['ipc'] as const) : [])],
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
}

function exitedEarly(child: ChildProcess, name: string): Promise<never> {
  return new Promise((_, reject) => child.once('exit', (code, signal) => reject(new Error(`${name} exited before it was ready (${signal ?? code})`))));
}

/** Starts the API on a free local port and resolves once /health/ready answers 200. */
export async function startApi(env: Record<string, string>, options: AppProcessOptions = {}): Promise<AppProcess> {
  const port = await freePort();
  const child = launch('apps/api/src/main.ts', { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: env.LOG_LEVEL ?? 'silent' }, options);
  child.stdout!.resume(); // request logs, if any, are not the benchmark's business
  const url = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const status = await fetch(`${url}/health/ready`).then((response) => response.status, () => 0);
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the API was not ready within ${READY_TIMEOUT_MS / 1000} s`);
  })();
  await Promise.race([ready, exitedEarly(child, 'the API')]);
  return { child, url, stop: stopper(child) };
}

/** Starts the worker and resolves once it logged that it runs (its queues are being consumed). */
export async function startWorker(env: Record<string, string>, options: AppProcessOptions = {}): Promise<AppProcess> {
  const child = launch('apps/worker/src/main.ts', { ...env, LOG_LEVEL: 'info' }, options);
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker was not ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    // Every line must still be read (a full pipe would block the worker); only this one matters.
    lines.on('line', (line) => {
      if (line.includes('Worker running')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await Promise.race([ready, exitedEarly(child, 'the worker')]);
  return { child, stop: stopper(child) };
}

/**
 * Starts bench/support/bare-server.ts (the API benchmark's bare Fastify + pg baseline) on a free
 * local port with the API's central database and tenant pool size; resolves once it listens.
 */
export async function startBareServer(env: Record<string, string>, pgServerUrl: string, options: AppProcessOptions = {}): Promise<AppProcess> {
  const port = await freePort();
  const child = launch('bench/support/bare-server.ts', { ...env, PG_SERVER_URL: pgServerUrl, PORT: String(port), HOST: '127.0.0.1' }, options);
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bare server was not ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    lines.on('line', (line) => {
      if (line === 'listening') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await Promise.race([ready, exitedEarly(child, 'the bare server')]);
  return { child, url: `http://127.0.0.1:${port}`, stop: stopper(child) };
}
