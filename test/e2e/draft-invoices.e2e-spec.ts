// Draft invoices over HTTP and through the worker: the billing cycle's renewal waits as a draft
// (no number, not charged) for the tenant's draftFinalizeDelayMinutes and is finalized by the
// worker's job once that delay is over; a one-off draft is edited (lines with their tax rate,
// discounts, memo, due date; totals and tax recomputed), finalized by hand or deleted; numbers are
// taken only at finalization, so they stay gapless.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import { Client } from 'pg';
import { JOBS, QUEUES, redisOptionsFromUrl } from '@nova/queue';
import { TestApp, startTestApp } from '../support/test-app';
import { CENTRAL_TEST_DB, PG_SERVER_URL } from '../support/test-env';
import { TenantSession, registerTenant } from '../support/tenant-session';

const DAY = 86_400_000;

async function tenantDbQuery<T extends object>(tenantId: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const central = new Client({ connectionString: `${PG_SERVER_URL}/${CENTRAL_TEST_DB}` });
  await central.connect();
  const { rows } = await central.query<{ db_name: string }>('SELECT db_name FROM tenants WHERE id = $1', [tenantId]).finally(() => central.end());
  const db = new Client({ connectionString: `${PG_SERVER_URL}/${rows[0]!.db_name}` });
  await db.connect();
  try {
    return (await db.query<T>(sql, params)).rows;
  } finally {
    await db.end();
  }
}

type Invoice = { id: string; number: string | null; status: string; total: number; tax: number; amountDue: number; autoFinalizeAt: string | null; subscriptionId: string | null };

describe('draft invoices', () => {
  let app: TestApp;
  let tenant: TenantSession;
  let events: QueueEvents;
  let queue: Queue;

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
    queue = app.worker!.get<Queue>(getQueueToken(QUEUES.billing));
    events = new QueueEvents(QUEUES.billing, { connection: redisOptionsFromUrl(app.config.redis.url), prefix: app.config.redis.queuePrefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await events?.close();
    await app?.close();
  });

  const numbers = async () => ((await tenant.as.get('/api/invoices').query({ limit: 100 }).expect(200)).body.data as Invoice[]).map((invoice) => invoice.number).filter((n): n is string => n !== null).sort();
  const expectGapless = async () => {
    const all = await numbers();
    expect(all).toEqual(all.map((_, i) => `INV-${String(i + 1).padStart(6, '0')}`));
    return all;
  };

  it('keeps the cycle\'s renewal a draft for the tenant\'s delay, then the worker\'s job finalizes it', async () => {
    // Stripe's hour is the default for a new tenant; this one says 1 minute.
    expect((await tenant.asAdmin.get('/api/tenants/me').expect(200)).body.draftFinalizeDelayMinutes).toBe(0); // the test session's (registerTenant)
    expect((await tenant.asAdmin.patch('/api/tenants/me').send({ draftFinalizeDelayMinutes: 1 }).expect(200)).body.draftFinalizeDelayMinutes).toBe(1);
    const bad = await tenant.asAdmin.patch('/api/tenants/me').send({ draftFinalizeDelayMinutes: 20_000 }).expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'draftFinalizeDelayMinutes' })]);

    const plan = (await tenant.as.post('/api/plans').send({ code: 'daily', name: 'Daily' }).expect(201)).body;
    const price = (await tenant.as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'KES', unitAmount: 10_000, interval: 'day' }).expect(201)).body;
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Njeri', email: 'njeri@example.test', currency: 'KES' }).expect(201)).body;
    // Started 1.5 days ago: period 0 invoiced (finalized) at creation, period 1 by the cycle.
    const subscription = (await tenant.as.post('/api/subscriptions').send({ customerId: customer.id, priceId: price.id, startAt: new Date(Date.now() - 1.5 * DAY).toISOString() }).expect(201)).body;

    const before = Date.now();
    const run = (await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200)).body;
    expect(run).toMatchObject({ invoicesIssued: 1, chargesQueued: 0 });
    const invoices = (await tenant.as.get('/api/invoices').query({ subscriptionId: subscription.id }).expect(200)).body.data as Invoice[];
    const renewal = invoices.find((invoice) => invoice.status === 'draft')!;
    expect(renewal).toMatchObject({ number: null, total: 10_000, amountDue: 10_000 });
    const autoFinalizeAt = new Date(renewal.autoFinalizeAt!).getTime();
    expect(autoFinalizeAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(autoFinalizeAt).toBeLessThanOrEqual(Date.now() + 60_000);
    // Not payable, not e-mailed while a draft.
    expect((await tenant.asAdmin.post(`/api/invoices/${renewal.id}/mark-paid`).send({}).expect(409)).body.message).toMatch(/draft/);
    expect((await tenant.as.post(`/api/invoices/${renewal.id}/send`).send({}).expect(409)).body.message).toMatch(/finalize it first/);

    // The worker's job before the delay is over: nothing is due.
    const early = await queue.add(JOBS.finalizeDraftsTenant, { tenantId: tenant.tenantId, mode: 'live', correlationId: 'drafts-early' });
    await expect(early.waitUntilFinished(events, 20_000)).resolves.toMatchObject({ draftsFinalized: 0 });
    expect((await tenant.as.get(`/api/invoices/${renewal.id}`).expect(200)).body).toMatchObject({ status: 'draft', number: null });

    // The minute passes (moved in the database rather than waited for); the scheduler's tick fans out and finalizes it.
    await tenantDbQuery(tenant.tenantId, `UPDATE invoices SET auto_finalize_at = now() - interval '1 second' WHERE id = $1`, [renewal.id]);
    const tick = await queue.add(JOBS.finalizeDraftsAll, { correlationId: 'drafts-tick' });
    await tick.waitUntilFinished(events, 20_000);
    const deadline = Date.now() + 20_000;
    let finalized = (await tenant.as.get(`/api/invoices/${renewal.id}`).expect(200)).body;
    while (finalized.status === 'draft' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      finalized = (await tenant.as.get(`/api/invoices/${renewal.id}`).expect(200)).body;
    }
    expect(finalized).toMatchObject({ status: 'open', number: 'INV-000002', autoFinalizeAt: null, amountDue: 10_000 });
    const types = ((await tenant.as.get('/api/events').query({ limit: 100 }).expect(200)).body.data as { type: string; data: { object: { id: string } } }[])
      .filter((event) => event.data.object.id === renewal.id)
      .map((event) => event.type);
    expect(types.sort()).toEqual(['invoice.created', 'invoice.finalized']);
    // Run again: idempotent.
    const again = await queue.add(JOBS.finalizeDraftsTenant, { tenantId: tenant.tenantId, mode: 'live', correlationId: 'drafts-again' });
    await expect(again.waitUntilFinished(events, 20_000)).resolves.toMatchObject({ draftsFinalized: 0 });
    await expectGapless();
    await tenant.asAdmin.patch('/api/tenants/me').send({ draftFinalizeDelayMinutes: 0 }).expect(200);
  }, 90_000);

  it('edits a one-off draft (tax recomputed), finalizes it by hand with the next number, deletes another; finalized invoices refuse both', async () => {
    await tenant.asAdmin.put('/api/tax/profile').send({ legalName: 'Savanna Networks Ltd', country: 'KE', taxIds: [{ type: 'ke_pin', value: 'P051234567X' }], defaultTaxBehavior: 'exclusive' }).expect(200);
    const vat = (await tenant.asAdmin.post('/api/tax/rates').send({ name: 'VAT 16%', country: 'KE', percentage: '16' }).expect(201)).body;
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Otieno Hardware', email: 'otieno@example.test', currency: 'KES', address: { city: 'Kisumu', country: 'KE' } }).expect(201)).body;

    const draft = (await tenant.as.post('/api/invoices').send({ customerId: customer.id, draft: true, lines: [{ description: 'Router', quantity: 1, unitAmount: 100_000, taxRateId: vat.id }] }).expect(201)).body;
    expect(draft).toMatchObject({ object: 'invoice', livemode: true, status: 'draft', number: null, subtotal: 100_000, tax: 16_000, total: 116_000 });
    // A one-off issued meanwhile takes the next number: the draft has none to leave a gap.
    const issued = (await tenant.as.post('/api/invoices').send({ customerId: customer.id, lines: [{ description: 'Survey', quantity: 1, unitAmount: 5_000 }] }).expect(201)).body;
    const [, , third] = await expectGapless();
    expect(issued.number).toBe(third);

    const dueAt = new Date(Date.now() + 45 * DAY).toISOString();
    const edited = (
      await tenant.as
        .patch(`/api/invoices/${draft.id}`)
        .send({ memo: 'PO 1138', dueAt, addLines: [{ description: 'Installation', quantity: 2, unitAmount: 25_000, taxRateId: vat.id }], discounts: [{ description: 'Launch offer', amount: 10_000 }], metadata: { po: '1138' } })
        .expect(200)
    ).body;
    // 100,000 + 50,000 - 10,000: VAT 16 % on the lines given the rate; the discount line has no rate of its own: it lowers
    // the taxed lines' value pro rata, so their VAT too (-1,600).
    expect(edited.lines.map((line: { description: string; amount: number; taxAmount: number }) => [line.description, line.amount, line.taxAmount])).toEqual([
      ['Router', 100_000, 16_000],
      ['Installation', 50_000, 8_000],
      ['Launch offer', -10_000, -1_600],
    ]);
    expect(edited).toMatchObject({ status: 'draft', number: null, memo: 'PO 1138', dueAt, subtotal: 140_000, tax: 22_400, total: 162_400, amountDue: 162_400, metadata: { po: '1138' } });
    const removed = (await tenant.as.patch(`/api/invoices/${draft.id}`).send({ removeLines: [2] }).expect(200)).body;
    expect(removed).toMatchObject({ subtotal: 150_000, tax: 24_000, total: 174_000 });
    expect((await tenant.as.patch(`/api/invoices/${draft.id}`).send({ removeLines: [7] }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'removeLines' })]);
    expect((await tenant.as.patch(`/api/invoices/${draft.id}`).send({ status: 'paid' }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'status' })]);

    const final = (await tenant.as.post(`/api/invoices/${draft.id}/finalize`).expect(200)).body;
    expect(final).toMatchObject({ status: 'open', total: 174_000, amountDue: 174_000, dueAt, memo: 'PO 1138', taxTreatment: 'taxable' });
    const all = await expectGapless();
    expect(final.number).toBe(all[all.length - 1]);
    expect((await tenant.as.post(`/api/invoices/${draft.id}/finalize`).expect(409)).body.message).toMatch(/open invoice cannot take the event finalize/);
    expect((await tenant.as.patch(`/api/invoices/${draft.id}`).send({ memo: 'too late' }).expect(409)).body.message).toMatch(/only a draft can be edited/);
    expect((await tenant.as.delete(`/api/invoices/${draft.id}`).expect(409)).body.message).toMatch(/only a draft can be deleted/);
    // Metadata still changes on a finalized invoice.
    expect((await tenant.as.patch(`/api/invoices/${draft.id}`).send({ metadata: { paid_by: 'cheque' } }).expect(200)).body.metadata).toEqual({ po: '1138', paid_by: 'cheque' });

    const doomed = (await tenant.as.post('/api/invoices').send({ customerId: customer.id, draft: true, lines: [{ description: 'Typo', quantity: 1, unitAmount: 1 }] }).expect(201)).body;
    await tenant.as.delete(`/api/invoices/${doomed.id}`).expect(204);
    await tenant.as.get(`/api/invoices/${doomed.id}`).expect(404);
    const next = (await tenant.as.post('/api/invoices').send({ customerId: customer.id, lines: [{ description: 'Cable', quantity: 1, unitAmount: 2_000 }] }).expect(201)).body;
    const after = await expectGapless();
    expect(next.number).toBe(after[after.length - 1]);
  });

  it('refuses to delete a subscription\'s draft (void it instead)', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Wafula', email: 'wafula@example.test', currency: 'KES' }).expect(201)).body;
    const plan = (await tenant.as.post('/api/plans').send({ code: 'daily-2', name: 'Daily 2' }).expect(201)).body;
    const price = (await tenant.as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'KES', unitAmount: 3_000, interval: 'day' }).expect(201)).body;
    // Started 1.5 days ago and paused with keep_as_draft: the cycle's invoice of period 1 is kept a draft (never finalized by the worker).
    const subscription = (await tenant.as.post('/api/subscriptions').send({ customerId: customer.id, priceId: price.id, startAt: new Date(Date.now() - 1.5 * DAY).toISOString() }).expect(201)).body;
    await tenant.as.post(`/api/subscriptions/${subscription.id}/pause`).send({ behavior: 'keep_as_draft' }).expect(200);
    await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200);
    const kept = ((await tenant.as.get('/api/invoices').query({ subscriptionId: subscription.id, status: 'draft' }).expect(200)).body.data as Invoice[])[0]!;
    expect(kept).toMatchObject({ number: null, autoFinalizeAt: null });
    expect((await tenant.as.delete(`/api/invoices/${kept.id}`).expect(409)).body.message).toMatch(/void it instead/);
    await tenant.asAdmin.post(`/api/invoices/${kept.id}/void`).expect(200);
    await expectGapless();
  });
});
