// One command to a running product: prepares .env on first run, migrates the central and tenant
// databases, makes sure the demo tenant exists, then runs the API and the worker until Ctrl-C,
// and prints a summary (URLs, demo credentials, Bull Board, e-mail) once they are up. The children
// share this terminal, so their logs are pretty there (JSON when the output is piped).
// Usage: npm start   (after npm install; builds first)
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type AppConfig, loadConfig, loadEnvFile } from '@nova/config';
import { isLoopbackHost, startLocalMailCatcher } from '@nova/mail';
import { InvalidationBus } from '@nova/queue';
import { TenantDirectory, getTenantBySlug, setTenantPlan } from '@nova/tenancy';
import { migrateAllTenants } from './migrate-all-tenants';
import { migrateCentral } from './migrate-central';
import { DEMO, seedDemo } from './seed-demo';
import { withCentralDb } from './support/registered-tenants';
import { smtpAnswers, startSummary, untilWorkerSeen } from './support/start-summary';

function ensureEnvFile(): void {
  if (existsSync('.env')) return;
  const template = readFileSync('.env.example', 'utf8')
    .replace(/^JWT_SECRET=.*$/m, `JWT_SECRET=${randomBytes(32).toString('hex')}`)
    .replace(/^ENCRYPTION_KEY=.*$/m, `ENCRYPTION_KEY=${randomBytes(32).toString('hex')}`);
  writeFileSync('.env', template, { mode: 0o600 });
  console.log('created .env from .env.example with fresh secrets');
}

function run(name: string, entry: string): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], { stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    console.log(`${name} exited (${signal ?? code})`);
    shutdown(code ?? 1);
  });
  return child;
}

const children: ChildProcess[] = [];
let stopping = false;
function shutdown(code: number): void {
  if (stopping) return;
  stopping = true;
  // Each child drains (up to SHUTDOWN_DEADLINE_MS) and exits on its own; leave once both did.
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  let left = running.length;
  if (left === 0) process.exit(code);
  for (const child of running) {
    child.once('exit', () => --left === 0 && process.exit(code));
    child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(code), loadConfig().lifecycle.shutdownDeadlineMs + 10_000).unref();
}

async function main(): Promise<void> {
  ensureEnvFile();
  loadEnvFile();
  const config = loadConfig(); // a bad setting stops here, before anything is migrated or started
  await migrateCentral();
  await migrateAllTenants(process.env, 8, () => undefined);
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  const mailCaughtIn = await catchMailLocally(config);
  children.push(run('api', 'dist/apps/api/src/main.js'), run('worker', 'dist/apps/worker/src/main.js'));
  // The demo tenant is seeded through the running API, like any integration would.
  const apiUrl = `http://127.0.0.1:${config.http.port}`;
  await untilReady(apiUrl);
  const { apiKey } = await seedDemo(apiUrl);
  await keepDemoOffTrial(config);
  const [workerSeen, smtp] = await Promise.all([untilWorkerSeen(config), smtpAnswers(config)]);
  console.log(startSummary({ config, demo: { email: DEMO.email, password: DEMO.password, apiKey }, workerSeen, smtpAnswers: smtp, mailCaughtIn }));
}

/** Where e-mail goes when nothing answers at a loopback SMTP_HOST:SMTP_PORT (no Mailpit running). */
const MAIL_DIR = '.mail';

/**
 * Nothing answers at a loopback SMTP relay: catch the e-mails in .mail/ (one line each in this
 * terminal) rather than have the worker fail and retry them. Another relay is left alone.
 */
async function catchMailLocally(config: AppConfig): Promise<string | undefined> {
  if (!isLoopbackHost(config.mail.host) || (await smtpAnswers(config))) return undefined;
  await startLocalMailCatcher({
    host: config.mail.host,
    port: config.mail.port,
    dir: MAIL_DIR,
    onMail: (mail) => console.log(`e-mail caught: "${mail.subject}" to ${mail.to.join(', ')} → ${mail.file}`),
  });
  return MAIL_DIR;
}

/**
 * The demo tenant registers like any tenant, so it starts on the trial (SIGNUP_PLAN); it is the
 * installation's showcase, not a prospect: on scale it never turns read-only (a later `npm start`
 * would fail at its API key once the trial had ended) nor runs out of free-tier invoices.
 */
async function keepDemoOffTrial(config: AppConfig): Promise<void> {
  const bus = new InvalidationBus(config.redis);
  try {
    await withCentralDb(config, async (central) => {
      if ((await getTenantBySlug(central, DEMO.slug)).plan === 'trial') await setTenantPlan(central, new TenantDirectory(central, bus), { slug: DEMO.slug, plan: 'scale' });
    });
  } finally {
    await bus.onModuleDestroy();
  }
}

async function untilReady(apiUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(`${apiUrl}/health/ready`).then((response) => response.status, () => 0)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API did not become ready at ${apiUrl} within ${timeoutMs / 1000} s`);
}

main().catch((error: Error) => {
  console.error(`start: ${error.message}`);
  shutdown(1);
});
