// Webhook intake over HTTP against the real API: correctly signed Paystack `charge.success`
// bodies, each a distinct event, verified + stored + enqueued + acknowledged, against a bare pg
// loop INSERTing the same rows with the same concurrency. Then, with the worker running, the
// end-to-end settle latency of a few hundred invoices: webhook POST → invoice `paid`.
// Usage: node -r @swc-node/register bench/webhook-intake.bench.ts
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { FakePaystack, paystackSignatureHeaders } from '../libs/payments/testing';
import { QUEUES } from '@nova/queue';
import { TenantContext, TenantDirectory, tenantRefIn } from '@nova/tenancy';
import { ConnectProviderAccount, ProviderAccountViews } from '@nova/billing';
import { AppProcess, startApi, startWorker } from './support/app-process';
import { startPlatform } from './support/platform';
import { benchConfig, benchEnv, dropBenchDatabases, fmt, freshCentralDatabase, heading, PG_SERVER_URL, timed } from './support/bench-env';
import { BenchTenant, provisionTenants } from './support/provision';

const EVENTS = 20_000;
const WARM_UP_EVENTS = 2_000;
const CONNECTIONS = 16;
/** One tenant: its pool is the whole tenant budget of the API, and the baseline gets the same. */
const TENANT_POOL_MAX = 4;
const SETTLE_INVOICES = 400;
/** Settled before the measured ones, to warm the worker up; not counted. */
const SETTLE_WARM_UP = 20;
const SETTLE_RATE_PER_SECOND = 100;
const POLL_MS = 5;
const SECRET_KEY = 'sk_test_bench_paystack_secret_key_0123456789';
const AMOUNT = 1_500_000;

const INSERT_EVENT = `INSERT INTO webhook_events (id, account_id, provider, event_id, type, provider_reference, refund_reference, provider_transaction_id,
                                                  invoice_reference, amount, currency, occurred_at, raw_body)
                      VALUES (gen_random_uuid(), $1, 'paystack', $2, 'payment.succeeded', $3, NULL, NULL, $4, $5, 'NGN', $6, $7)
                      ON CONFLICT (provider, event_id) DO NOTHING RETURNING id`;

interface ChargeEvent {
  readonly eventId: string;
  readonly reference: string;
  readonly paidAt: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** A `charge.success` as Paystack sends it, signed with the account's secret key. */
function chargeSuccess(id: number, reference: string): ChargeEvent {
  const paidAt = new Date().toISOString();
  const body = JSON.stringify({
    event: 'charge.success',
    data: {
      id,
      status: 'success',
      reference,
      amount: AMOUNT,
      currency: 'NGN',
      paid_at: paidAt,
      channel: 'card',
      metadata: {},
      customer: { email: 'payer@example.test' },
    },
  });
  return { eventId: `charge.success:${id}`, reference, paidAt, body, headers: { 'content-type': 'application/json', ...paystackSignatureHeaders(SECRET_KEY, body) } };
}

function chargeEvents(count: number, firstId: number, prefix: string): ChargeEvent[] {
  return Array.from({ length: count }, (_, index) => chargeSuccess(firstId + index, `${prefix}-${firstId + index}`));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function connectPaystack(app: INestApplicationContext, tenant: BenchTenant): Promise<string> {
  const ref = await app.get(TenantDirectory).find(tenant.id);
  if (!ref) throw new Error(`tenant ${tenant.id} not found`);
  const account = await app.get(TenantContext).run(tenantRefIn(ref, 'live'), () =>
    app.get(ConnectProviderAccount).execute({ provider: 'paystack', credentials: { secretKey: SECRET_KEY }, defaultForCurrencies: ['NGN'] }),
  );
  return account.id;
}

/** The baseline: CONNECTIONS loops INSERTing the same rows the intake stores, on a pool of the same size. */
async function bareInsertLoop(pool: Pool, accountId: string, events: readonly ChargeEvent[]): Promise<number> {
  let next = 0;
  const { seconds } = await timed(() =>
    Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (let event = events[next++]; event; event = events[next++]) {
          const { rowCount } = await pool.query(INSERT_EVENT, [accountId, event.eventId, event.reference, null, AMOUNT, event.paidAt, event.body]);
          if (rowCount !== 1) throw new Error(`baseline: ${event.eventId} was not inserted`);
        }
      }),
    ),
  );
  return events.length / seconds;
}

/** autocannon in its own thread; the request hook hands every request the next signed body. */
async function httpIntake(url: string, webhookPath: string, events: readonly ChargeEvent[], workDir: string, name: string): Promise<{ perSecond: number; p99Ms: number; failures: number }> {
  const file = join(workDir, `${name}.json`);
  writeFileSync(file, JSON.stringify(events.map(({ body, headers }) => ({ body, headers }))));
  process.env.BENCH_WEBHOOK_BODIES = file; // worker threads copy the environment when they start
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount: events.length,
    workers: 1,
    requests: [{ method: 'POST', path: webhookPath, setupRequest: require.resolve('./support/signed-webhook-request') }],
  });
  return { perSecond: events.length / result.duration, p99Ms: result.latency.p99, failures: result.non2xx + result.errors + result.timeouts };
}

/** Open invoices, each with the pending payment a checkout would have recorded. */
async function seedOpenInvoices(pool: Pool, accountId: string): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `WITH customer AS (
       INSERT INTO customers (id, name, email, currency, updated_at) VALUES (gen_random_uuid(), 'Settle Bench', 'settle@example.test', 'NGN', now()) RETURNING id
     ), invoice AS (
       INSERT INTO invoices (id, number, sequence, customer_id, status, currency, subtotal, total, amount_due, due_at, updated_at)
       SELECT gen_random_uuid(), 'BENCH-' || n, n, customer.id, 'open', 'NGN', $1, $1, $1, now() + interval '14 days', now()
         FROM generate_series(1, $2) AS n, customer
       RETURNING id, customer_id, sequence
     )
     INSERT INTO payments (id, invoice_id, customer_id, amount, currency, status, method, provider_account_id, provider_reference)
     SELECT gen_random_uuid(), id, customer_id, $1, 'NGN', 'pending', 'paystack', $3, 'settle-' || sequence FROM invoice
     RETURNING invoice_id AS id`,
    [AMOUNT, SETTLE_INVOICES + SETTLE_WARM_UP, accountId],
  );
  return rows.map((row) => row.id);
}

/**
 * Webhooks at a steady rate (not a burst: a burst measures the backlog, not the path); each
 * invoice's latency ends when a poll every POLL_MS sees it paid.
 */
async function settleLatencies(url: string, webhookPath: string, paystack: FakePaystack, invoiceIds: readonly string[], pool: Pool): Promise<{ settle: number[]; ack: number[] }> {
  const { rows } = await pool.query<{ id: string; sequence: string }>('SELECT id, sequence::text FROM invoices WHERE id = ANY($1) ORDER BY sequence', [invoiceIds]);
  // Real payments at the (fake) provider, under the references of the pending payments: the worker verifies each
  // one there before settling it, as in production.
  const allEvents = rows.map((row) => {
    const { webhook } = paystack.paidElsewhere({ reference: `settle-${row.sequence}`, amount: AMOUNT, currency: 'NGN', metadata: { invoice_reference: row.id } });
    return { invoiceId: row.id, body: webhook.rawBody, headers: { 'content-type': 'application/json', ...webhook.headers } };
  });
  // A freshly started worker takes a moment to reach full speed: settle a few, unmeasured, first.
  const warmUp = allEvents.slice(0, SETTLE_WARM_UP);
  for (const event of warmUp) {
    const response = await fetch(`${url}${webhookPath}`, { method: 'POST', headers: event.headers, body: event.body });
    await response.arrayBuffer();
  }
  const warmIds = warmUp.map((event) => event.invoiceId);
  const warmDeadline = Date.now() + 30_000;
  while ((await pool.query(`SELECT 1 FROM invoices WHERE status = 'paid' AND id = ANY($1)`, [warmIds])).rowCount! < warmIds.length) {
    if (Date.now() > warmDeadline) throw new Error('warm-up invoices not paid after 30 s');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const events = allEvents.slice(SETTLE_WARM_UP);
  const sentAt = new Map<string, number>();
  const settle: number[] = [];
  const ack: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling || sentAt.size > 0) {
      const waiting = [...sentAt.keys()];
      if (waiting.length > 0) {
        const paid = await pool.query<{ id: string }>(`SELECT id FROM invoices WHERE status = 'paid' AND id = ANY($1)`, [waiting]);
        const now = performance.now();
        for (const { id } of paid.rows) {
          settle.push(now - sentAt.get(id)!);
          sentAt.delete(id);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  const interval = 1000 / SETTLE_RATE_PER_SECOND;
  const started = performance.now();
  await Promise.all(
    events.map(async (event, index) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + index * interval - performance.now())));
      const sent = performance.now();
      sentAt.set(event.invoiceId, sent);
      const response = await fetch(`${url}${webhookPath}`, { method: 'POST', headers: event.headers, body: event.body });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`webhook for ${event.invoiceId} answered ${response.status}`);
      ack.push(performance.now() - sent);
    }),
  );
  polling = false;
  await Promise.race([poller, new Promise((_, reject) => setTimeout(() => reject(new Error(`${sentAt.size} invoices not paid after 60 s`)), 60_000))]);
  return { settle: settle.sort((a, b) => a - b), ack: ack.sort((a, b) => a - b) };
}

export async function benchWebhookIntake(): Promise<void> {
  heading(`Webhook intake: ${fmt(EVENTS)} signed Paystack charge.success events, ${CONNECTIONS} connections; settle latency of ${SETTLE_INVOICES} invoices`);
  console.log(`connection budget: 1 tenant, TENANT_DB_POOL_MAX=${TENANT_POOL_MAX} for the API, the worker and the baseline each (+4 central each, +1 poller)`);
  await freshCentralDatabase();
  // Settlement confirms every payment with Paystack's verify endpoint: a local fake answers it.
  const paystack = await FakePaystack.start({ secretKey: SECRET_KEY });
  const env = benchEnv({
    TENANT_DB_POOL_MAX: String(TENANT_POOL_MAX),
    TENANT_DB_CLIENT_CACHE_MAX: '4',
    PAYMENT_PROVIDER_BASE_URLS: `paystack=${paystack.baseUrl}`,
    // The worker's periodic jobs stay out of the measurement: the 20,000 stored intake events
    // have no payments, and a sweep re-queueing them would be noise (nothing else is due).
    WEBHOOK_SWEEP_AFTER_SECONDS: String(7 * 86_400),
    WEBHOOK_SWEEP_EVERY_SECONDS: '86400',
  });
  // Set-up through the libraries; the API and the worker under measurement are real processes.
  const platform = await startPlatform(benchConfig(env), [ProviderAccountViews, ConnectProviderAccount]);
  const workDir = mkdtempSync(join(tmpdir(), 'nb-webhook-bench-'));
  const payments = platform.get<Queue>(getQueueToken(QUEUES.payments));
  let api: AppProcess | undefined;
  let worker: AppProcess | undefined;
  let pool: Pool | undefined;
  try {
    const [tenant] = await provisionTenants(platform, 1);
    const accountId = await connectPaystack(platform, tenant!);
    const webhookPath = `/webhooks/paystack/${tenant!.id}/${accountId}`;
    pool = new Pool({ connectionString: `${PG_SERVER_URL}/${tenant!.dbName}`, max: TENANT_POOL_MAX });

    const events = chargeEvents(EVENTS, 1, 'intake');
    const baseline = await bareInsertLoop(pool, accountId, events);
    await pool.query('TRUNCATE webhook_events');

    api = await startApi(env);
    const url = api.url!;
    await httpIntake(url, webhookPath, chargeEvents(WARM_UP_EVENTS, 500_000, 'warm'), workDir, 'warm-up');
    const intake = await httpIntake(url, webhookPath, events, workDir, 'intake');
    const { rows } = await pool.query<{ count: string }>(`SELECT count(*) FROM webhook_events WHERE event_id LIKE 'charge.success:%' AND provider_reference LIKE 'intake-%'`);
    const queued = await payments.getJobCounts('waiting', 'prioritized', 'delayed');

    console.log(`baseline: bare pg INSERT of the same rows           ${fmt(baseline).padStart(7)} rows/s`);
    console.log(
      `API: POST /webhooks/paystack (verify+store+enqueue) ${fmt(intake.perSecond).padStart(7)} events/s  p99 ${fmt(intake.p99Ms, 1)} ms  failures ${intake.failures}  = ${(intake.perSecond / baseline).toFixed(2)}× baseline`,
    );
    console.log(`check: ${rows[0]!.count} of ${EVENTS} events stored, ${(queued.waiting ?? 0) + (queued.prioritized ?? 0) + (queued.delayed ?? 0)} jobs queued (incl. warm-up)`);

    // The stored bench events have no payments to settle: drop their jobs before the worker starts.
    await payments.obliterate({ force: true });
    worker = await startWorker(env);
    const invoiceIds = await seedOpenInvoices(pool, accountId);
    const { settle, ack } = await settleLatencies(url, webhookPath, paystack, invoiceIds, pool);
    console.log(
      `settle: webhook POST → verified at the provider → invoice paid (worker running), ${settle.length} invoices at ${SETTLE_RATE_PER_SECOND}/s: p50 ${fmt(percentile(settle, 0.5), 1)} ms  p99 ${fmt(percentile(settle, 0.99), 1)} ms  max ${fmt(settle.at(-1) ?? 0, 1)} ms (polled every ${POLL_MS} ms)`,
    );
    console.log(`        acknowledgement of the same POSTs: p50 ${fmt(percentile(ack, 0.5), 1)} ms  p99 ${fmt(percentile(ack, 0.99), 1)} ms`);
  } finally {
    await worker?.stop();
    await api?.stop();
    await payments.obliterate({ force: true }).catch(() => undefined);
    await platform.close();
    await pool?.end();
    rmSync(workDir, { recursive: true, force: true });
    await paystack.close();
    await dropBenchDatabases();
  }
}

if (require.main === module) {
  benchWebhookIntake().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
