// The API and the worker as real child processes (SWC-registered sources), for tests that
// signal or kill them, plus a private Redis a test may stop and start.
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { testEnv } from './test-env';

export interface AppProcess {
  child: ChildProcess;
  /** Every JSON log line printed so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code (or signal name) once the process ended. */
  exited: Promise<number | string>;
  /** Resolves with the first log line (already printed or yet to come) that matches. */
  waitForLog(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

const ENTRY = { api: 'apps/api/src/main.ts', worker: 'apps/worker/src/main.ts' } as const;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Starts `node -r @swc-node/register <main.ts>` with the given environment (JSON logs on stdout). */
export function startProcess(kind: keyof typeof ENTRY, env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', ENTRY[kind]], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', LOG_REQUESTS: 'false', SWC_NODE_PROJECT: 'tsconfig.json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters = new Set<{ predicate: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }>();
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const text of lines) {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        continue;
      }
      logs.push(line);
      for (const waiter of waiters) if (waiter.predicate(line)) (waiters.delete(waiter), waiter.resolve(line));
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4_000)));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    logs,
    exited,
    waitForLog(predicate, timeoutMs = 30_000) {
      const seen = logs.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve: (line: Record<string, unknown>) => (clearTimeout(timer), resolve(line)) };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${kind}: no matching log line within ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
        waiters.add(waiter);
        void exited.then((code) => {
          if (!waiters.has(waiter)) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          reject(new Error(`${kind} exited (${code}) before the expected log line; stderr: ${stderr}`));
        });
      });
    },
  };
}

/** The API on a free port; resolves once /health answers. */
export async function startApiProcess(env: Record<string, string>): Promise<AppProcess & { url: string }> {
  const port = await freePort();
  const api = startProcess('api', { ...env, PORT: String(port), HOST: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 40_000;
  for (;;) {
    const up = await fetch(`${url}/health`).then((response) => response.ok, () => false);
    if (up) return { ...api, url };
    if (Date.now() > deadline || api.child.exitCode !== null) throw new Error('the API process did not come up');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The worker; resolves once its processors run (its shutdown handler is installed last). */
export async function startWorkerProcess(env: Record<string, string>): Promise<AppProcess> {
  const worker = startProcess('worker', env);
  await worker.waitForLog((line) => line.msg === 'Worker running', 40_000);
  return worker;
}

/** Stops a process that is still running (SIGKILL) and waits for it. */
export async function stopProcess(app: AppProcess | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGKILL');
  await app.exited;
}

export interface PrivateRedis {
  port: number;
  url: string;
  start(): Promise<void>;
  /** SIGKILL: nothing saved (it runs without persistence), so a restart comes back empty. */
  kill(): Promise<void>;
}

/** A Redis of the test's own (no persistence) that it may kill and restart; never the shared one. */
export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const redis: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
      const started = child;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('private redis did not start')), 10_000);
        started.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('Ready to accept connections')) (clearTimeout(timer), resolve());
        });
      });
    },
    async kill() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const gone = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await gone;
    },
  };
  await redis.start();
  return redis;
}

/** testEnv() for a child process: its own queue prefix unless given, the rest as in-process tests. */
export function childEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return testEnv(overrides);
}
