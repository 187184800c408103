// Telecom usage end to end: a rate deck imported over HTTP, CDR batches ingested and rated by the
// worker, prepaid balances debited exactly (also under concurrency), unratable CDRs retried after
// the fix, re-rating applied exactly once (bundle seconds included), postpaid usage billed on the
// next invoice (and on a final one when the subscription ends), low-balance e-mails, suspension at
// zero, and CSV uploads as multipart files.
import { TelecomRatingService } from '@nova/telecom';
import { TenantContext, TenantDirectory, tenantRefIn } from '@nova/tenancy';
import { PrivateDatabases, privateDatabases } from '../support/private-databases';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const DAY = 86_400_000;
const NANOS = 1_000_000_000n;
const DECK_HEADER = 'prefix,destination,rate_per_unit,unit_seconds,initial_increment,subsequent_increment,connect_fee';
const DECK = [
  DECK_HEADER,
  '234803,NG Mobile MTN,6,60,60,60,0',
  '234806,NG Mobile MTN,6,60,60,60,0',
  '2341,NG Lagos Fixed,3,60,60,1,0.5',
  '99x,Broken,abc,60,60,60,0',
].join('\n');

describe('telecom usage', () => {
  let dbs: PrivateDatabases;
  let smtp: SmtpSink;
  let app: TestApp;
  let tenant: TenantSession;
  let planId: string;
  let voicePriceId: string;
  let postpaid: { accountId: string; subscriptionId: string };
  let prepaid: { accountId: string };
  const callStart = new Date(Date.now() - 35 * DAY);
  const at = (minutes: number) => new Date(callStart.getTime() + minutes * 60_000).toISOString();

  const cdr = (id: string, caller: string, called: string, durationSeconds: number, minute = 0) => ({ id, callerNumber: caller, calledNumber: called, startedAt: at(minute), durationSeconds });

  async function ratingDone(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const stats = await tenant.as.get('/api/cdrs/statistics').expect(200);
      if (!stats.body.byStatus.some((row: { status: string }) => row.status === 'pending')) return;
      if (Date.now() > deadline) throw new Error('CDRs still pending after 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const balanceNanos = async (accountId: string) => BigInt((await tenant.as.get(`/api/accounts/${accountId}`).expect(200)).body.balanceNanos);
  /** Walks every page (cursor pagination) to find a CDR by the switch's id. */
  const cdrBySwitchId = async (switchId: string) => {
    let cursor: string | undefined;
    do {
      const page = await tenant.as.get('/api/cdrs').query({ limit: 100, ...(cursor ? { cursor } : {}) }).expect(200);
      const found = page.body.data.find((row: { switchId: string }) => row.switchId === switchId);
      if (found) return found;
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    throw new Error(`no CDR ${switchId}`);
  };

  /** A new subscription with a telecom account and one new number; returns the account. */
  async function accountWithNumber(name: string, number: string, account: Record<string, unknown>): Promise<{ accountId: string; subscriptionId: string }> {
    const subscriptionId = await subscribe(name, voicePriceId);
    const created = await tenant.as.post('/api/accounts').send({ subscriptionId, ratePlanId: planId, ...account }).expect(201);
    await tenant.as.post('/api/dids').send({ numbers: [number] }).expect(201);
    const dids = (await tenant.as.get('/api/dids').query({ status: 'available', limit: 100 }).expect(200)).body.data as { id: string; number: string }[];
    await tenant.as.post(`/api/dids/${dids.find((d) => d.number === number.replace(/\D/g, ''))!.id}/assign`).send({ accountId: created.body.id }).expect(200);
    return { accountId: created.body.id, subscriptionId };
  }

  async function ingestOne(call: ReturnType<typeof cdr>): Promise<void> {
    await tenant.as.post('/api/cdrs').send(call).expect(202);
    await ratingDone();
  }

  async function subscribe(name: string, priceId: string): Promise<string> {
    const customer = await tenant.as.post('/api/customers').send({ name, email: `${name.toLowerCase()}@example.test` }).expect(201);
    const sub = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId, startAt: new Date(Date.now() - 40 * DAY).toISOString() }).expect(201);
    return sub.body.id;
  }

  beforeAll(async () => {
    dbs = await privateDatabases('tel');
    smtp = await startSmtpSink();
    app = await startTestApp({ env: { ...dbs.env, SMTP_PORT: String(smtp.port) } });
    tenant = await registerTenant(app, { defaultCurrency: 'NGN' });
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await dbs?.drop();
  });

  it('imports a rate deck, reporting bad lines', async () => {
    const plan = await tenant.as.post('/api/rate-plans').send({ name: 'Retail NG', currency: 'NGN', timezone: 'Africa/Lagos', rounding: { method: 'up', decimals: 4 } }).expect(201);
    planId = plan.body.id;
    const report = await tenant.as.post(`/api/rate-plans/${planId}/deck`).set('content-type', 'text/csv').send(DECK).expect(200);
    expect(report.body).toMatchObject({ destinations: 2, prefixes: 3, rates: 2, rejectedCount: 2 });
    expect(report.body.rejected.map((error: { line: number; field: string }) => `${error.line}:${error.field}`)).toEqual(['5:prefix', '5:rate_per_unit']);
    const stored = await tenant.as.get(`/api/rate-plans/${planId}`).expect(200);
    expect(stored.body.destinations.find((d: { name: string }) => d.name === 'NG Mobile MTN').prefixes.sort()).toEqual(['234803', '234806']);

    await tenant.as.post('/api/rate-plans').send({ name: 'Bad', currency: 'NGN', timezone: 'Africa/Lagos', rounding: { method: 'up', decimals: 4 }, rates: [{ id: 'r', destination: 'X', pricePerUnit: '1', unitSeconds: 0, initialIncrement: 1, subsequentIncrement: 1 }] })
      .expect(400)
      .expect((res) => expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('rates[0].unitSeconds'));
  });

  it('sets up prepaid and postpaid accounts with numbers from the inventory', async () => {
    const plan = await tenant.as.post('/api/plans').send({ code: 'voice', name: 'Voice line' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 100_000, interval: 'month' }).expect(201);
    voicePriceId = price.body.id;
    const postpaidSub = await subscribe('Postpaid', price.body.id);
    const prepaidSub = await subscribe('Prepaid', price.body.id);
    const post = await tenant.as.post('/api/accounts').send({ subscriptionId: postpaidSub, ratePlanId: planId, kind: 'postpaid' }).expect(201);
    const pre = await tenant.as.post('/api/accounts').send({ subscriptionId: prepaidSub, ratePlanId: planId, kind: 'prepaid', lowBalanceThreshold: 100_000 }).expect(201);
    postpaid = { accountId: post.body.id, subscriptionId: postpaidSub };
    prepaid = { accountId: pre.body.id };

    await tenant.as.post('/api/dids').send({ numbers: ['+254 700 000 001', '+254700000002', '+254700000003'] }).expect(201).expect((res) => expect(res.body).toEqual({ added: 3, existing: 0, livemode: true }));
    const dids = (await tenant.as.get('/api/dids').query({ status: 'available', limit: 100 }).expect(200)).body.data as { id: string; number: string }[];
    const did = (number: string) => dids.find((d) => d.number === number)!.id;
    await tenant.as.post(`/api/dids/${did('254700000001')}/assign`).send({ accountId: postpaid.accountId }).expect(200);
    await tenant.as.post(`/api/dids/${did('254700000002')}/assign`).send({ accountId: prepaid.accountId }).expect(200);
    await tenant.as.post(`/api/dids/${did('254700000002')}/assign`).send({ accountId: postpaid.accountId }).expect(409);

    const topUp = await tenant.as.post(`/api/accounts/${prepaid.accountId}/top-ups`).send({ amount: 2_000_00, reference: 'voucher-1' }).expect(201);
    expect(topUp.body.balance).toBe('2000');
    await tenant.as.post(`/api/accounts/${postpaid.accountId}/top-ups`).send({ amount: 100 }).expect(409);
  });

  it('ingests a batch, rates it in the worker and debits the prepaid balance; a re-sent batch changes nothing', async () => {
    const batch = [
      cdr('sw-1', '+254700000001', '+234 803 123 4567', 150),
      cdr('sw-2', '+254700000001', '+234 1 555 0000', 90, 10),
      cdr('sw-3', '+254700000002', '+2348061234567', 150, 20),
      cdr('sw-4', '+254700000003', '+2348031234567', 60, 30),
      cdr('sw-5', '+254700000002', '+44 20 7946 0000', 60, 40),
      { id: 'sw-bad', callerNumber: 'x', calledNumber: '+234803', startedAt: 'yesterday', durationSeconds: -1 },
    ];
    const ingested = await tenant.as.post('/api/cdrs/batch').send({ cdrs: batch }).expect(202);
    expect(ingested.body).toMatchObject({ accepted: 5, duplicates: 0 });
    expect(ingested.body.rejected.map((r: { field: string }) => r.field)).toEqual(['cdrs[5].callerNumber', 'cdrs[5].startedAt', 'cdrs[5].durationSeconds']);
    await ratingDone();

    // 150 s at 6/min in 60 s blocks = 3 min = 18; 90 s at 3/min, 60 then 1 s blocks = 4.5 + 0.5 connect fee = 5.
    expect(await cdrBySwitchId('sw-1')).toMatchObject({ status: 'rated', destination: 'NG Mobile MTN', matchedPrefix: '234803', cost: '18', costMinor: 18_00, billedSeconds: 180, currency: 'NGN' });
    expect(await cdrBySwitchId('sw-2')).toMatchObject({ status: 'rated', destination: 'NG Lagos Fixed', cost: '5', billedSeconds: 90 });
    expect(await cdrBySwitchId('sw-3')).toMatchObject({ status: 'rated', cost: '18', overLimit: false });
    expect(await cdrBySwitchId('sw-4')).toMatchObject({ status: 'unratable', failureReason: 'unknown_number' });
    expect(await cdrBySwitchId('sw-5')).toMatchObject({ status: 'unratable', failureReason: 'no_matching_prefix' });
    expect(await balanceNanos(prepaid.accountId)).toBe((2000n - 18n) * NANOS);
    expect((await tenant.as.get(`/api/accounts/${prepaid.accountId}`).expect(200)).body).toMatchObject({ balance: '1982', balanceMinor: 1982_00 });

    const again = await tenant.as.post('/api/cdrs/batch').send({ cdrs: batch.slice(0, 5) }).expect(202);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 5 });
    await ratingDone();
    expect(await balanceNanos(prepaid.accountId)).toBe((2000n - 18n) * NANOS);
  });

  it('keeps the prepaid balance exact under concurrent rating runs and top-ups', async () => {
    const calls = Array.from({ length: 200 }, (_, i) => cdr(`conc-${i}`, '+254700000002', '+2348031234567', 60, 50 + i));
    const ratingService = app.api.get(TelecomRatingService);
    const context = app.api.get(TenantContext);
    const tenantRef = tenantRefIn((await app.api.get(TenantDirectory).find(tenant.tenantId))!, 'live');
    await Promise.all([
      ...[0, 1, 2, 3].map((part) => tenant.as.post('/api/cdrs/batch').send({ cdrs: calls.slice(part * 50, part * 50 + 50) }).expect(202)),
      ...[0, 1, 2, 3, 4].map(() => tenant.as.post(`/api/accounts/${prepaid.accountId}/top-ups`).send({ amount: 100_00 }).expect(201)),
      // In-process rating runs racing the worker's jobs for the same rows and account.
      ...[0, 1, 2].map(() => context.run(tenantRef, () => ratingService.ratePending(20))),
    ]);
    await ratingDone();
    // 2000 - 18 + 5 × 100 - 200 × 6
    expect(await balanceNanos(prepaid.accountId)).toBe((2000n - 18n + 500n - 1200n) * NANOS);
    const stats = await tenant.as.get('/api/cdrs/statistics').query({ accountId: prepaid.accountId, status: 'rated' }).expect(200);
    expect(stats.body.byStatus[0]).toMatchObject({ calls: 201, costNanos: String(1218n * NANOS) });
  });

  it('rates unratable CDRs after the plan or the numbers are fixed', async () => {
    await tenant.as.post(`/api/rate-plans/${planId}/deck`).set('content-type', 'text/csv').send(`${DECK}\n44,UK,12,60,60,60,0`).expect(200);
    const uk = await cdrBySwitchId('sw-5');
    await tenant.as.post(`/api/cdrs/${uk.id}/retry`).expect(202);
    const dids = (await tenant.as.get('/api/dids').query({ status: 'available', limit: 100 }).expect(200)).body.data as { id: string; number: string }[];
    await tenant.as.post(`/api/dids/${dids.find((d) => d.number === '254700000003')!.id}/assign`).send({ accountId: postpaid.accountId }).expect(200);
    await tenant.as.post('/api/cdrs/retry').send({ status: 'unratable', reason: 'unknown_number' }).expect(202).expect((res) => expect(res.body.queued).toBe(1));
    await ratingDone();
    expect(await cdrBySwitchId('sw-5')).toMatchObject({ status: 'rated', destination: 'UK', cost: '12' });
    expect(await cdrBySwitchId('sw-4')).toMatchObject({ status: 'rated', cost: '6' });
    expect(await balanceNanos(prepaid.accountId)).toBe((2000n - 18n + 500n - 1200n - 12n) * NANOS);
  });

  it('re-rating after a price correction adjusts the balance by the difference, exactly once', async () => {
    const corrected = DECK.replace(/NG Mobile MTN,6/g, 'NG Mobile MTN,3');
    await tenant.as.post(`/api/rate-plans/${planId}/deck`).set('content-type', 'text/csv').send(`${corrected}\n44,UK,12,60,60,60,0`).expect(200);
    const filter = { accountId: prepaid.accountId, destination: 'NG Mobile MTN' };
    const [first, second] = await Promise.all([tenant.as.post('/api/cdrs/retry').send(filter).expect(202), tenant.as.post('/api/cdrs/retry').send(filter).expect(202)]);
    expect(first.body.queued + second.body.queued).toBeGreaterThanOrEqual(201);
    await ratingDone();
    await tenant.as.post('/api/cdrs/retry').send(filter).expect(202);
    await ratingDone();
    // The 201 MTN calls now cost half: 609 given back, once.
    expect(await balanceNanos(prepaid.accountId)).toBe((2000n - 18n + 500n - 1200n - 12n + 609n) * NANOS);
  });

  it('bills postpaid usage on the next invoice, grouped by destination, once', async () => {
    const run = await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200);
    expect(run.body.invoicesIssued).toBeGreaterThanOrEqual(2);
    const invoices = await tenant.as.get('/api/invoices').query({ limit: 100 }).expect(200);
    const candidates = invoices.body.data.filter((invoice: { subscriptionId: string }) => invoice.subscriptionId === postpaid.subscriptionId);
    const details = await Promise.all(candidates.map((invoice: { id: string }) => tenant.as.get(`/api/invoices/${invoice.id}`).expect(200)));
    const withUsage = details.map((res) => res.body).filter((invoice) => invoice.lines.length > 1);
    expect(withUsage).toHaveLength(1);
    const lines = withUsage[0].lines.slice(1).map((line: { description: string; amount: string }) => [line.description, String(line.amount)]);
    // sw-1 at the old MTN price (only the prepaid account was re-rated), sw-2, and sw-4 re-rated after its number was assigned.
    expect(lines).toEqual([
      ['Calls to NG Lagos Fixed: 1 call, 1.5 min', '500'],
      ['Calls to NG Mobile MTN: 2 calls, 4 min', '2400'],
    ]);
    expect(withUsage[0].total).toBe(100_000 + 500 + 2400);
    expect((await cdrBySwitchId('sw-1')).invoiceId).toBe(withUsage[0].id);
    await tenant.as.post(`/api/cdrs/${(await cdrBySwitchId('sw-1')).id}/retry`).expect(409);

    const top = await tenant.as.get('/api/analytics/top-destinations').expect(200);
    expect(top.body[0]).toMatchObject({ destination: 'NG Mobile MTN', calls: 203 });
    const csv = await tenant.as.get('/api/cdrs/export').query({ status: 'rated' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.trim().split('\n')).toHaveLength(1 + 205);
  });

  it('e-mails a low prepaid balance, suspends at zero by policy and flags later calls over the limit', async () => {
    // Deck now: UK at 12 NGN a minute. Credit 20 NGN, notice below 10 NGN.
    const { accountId } = await accountWithNumber('Lowbalance', '+254700000010', { kind: 'prepaid', lowBalanceThreshold: 10_00, suspendAtZero: true });
    await tenant.as.post(`/api/accounts/${accountId}/top-ups`).send({ amount: 20_00 }).expect(201);

    await ingestOne(cdr('low-1', '+254700000010', '+44 20 7946 0001', 60, 300));
    const notice = await smtp.waitFor((message) => message.envelope.rcptTo.includes('lowbalance@example.test'), 15_000);
    expect(notice.subject).toContain('Low prepaid balance');
    expect(notice.text).toContain('8');
    expect((await tenant.as.get(`/api/accounts/${accountId}`).expect(200)).body).toMatchObject({ status: 'active', balanceNanos: String(8n * NANOS) });

    // 8 NGN left: this call is still covered when it starts, and takes the balance to -4: suspended.
    await ingestOne(cdr('low-2', '+254700000010', '+44 20 7946 0002', 60, 301));
    expect((await tenant.as.get(`/api/accounts/${accountId}`).expect(200)).body).toMatchObject({ status: 'suspended', balanceNanos: String(-4n * NANOS) });
    expect(await cdrBySwitchId('low-2')).toMatchObject({ status: 'rated', overLimit: false });

    // A call the switch let through anyway is charged (it happened) and flagged over the limit.
    await ingestOne(cdr('low-3', '+254700000010', '+44 20 7946 0003', 60, 302));
    expect(await cdrBySwitchId('low-3')).toMatchObject({ status: 'rated', cost: '12', overLimit: true });
    expect(await balanceNanos(accountId)).toBe(-16n * NANOS);
    // One notice per dip below the threshold.
    expect(smtp.messages.filter((message) => message.envelope.rcptTo.includes('lowbalance@example.test'))).toHaveLength(1);

    const topUp = await tenant.as.post(`/api/accounts/${accountId}/top-ups`).send({ amount: 50_00 }).expect(201);
    expect(topUp.body).toMatchObject({ status: 'active', balance: '34' });
  });

  it('imports a rate deck and CDRs uploaded as multipart files; a re-rating gives back the bundle seconds it replaces', async () => {
    const plan = await tenant.as
      .post('/api/rate-plans')
      .send({ name: 'Bundled', currency: 'NGN', timezone: 'Africa/Lagos', rounding: { method: 'up', decimals: 4 } })
      .expect(201);
    const deck = `${DECK_HEADER}\n234803,NG Mobile MTN,6,60,60,60,0\n2341,NG Lagos Fixed,3,60,60,1,0.5`;
    const report = await tenant.as.post(`/api/rate-plans/${plan.body.id}/deck`).attach('file', Buffer.from(deck), { filename: 'deck.csv', contentType: 'text/csv' }).expect(200);
    expect(report.body).toMatchObject({ destinations: 2, prefixes: 2, rates: 2, rejectedCount: 0 });
    await tenant.as.patch(`/api/rate-plans/${plan.body.id}`).send({ bundles: [{ id: 'mtn-10', destinations: ['NG Mobile MTN'], seconds: 600 }] }).expect(200);

    const subscriptionId = await subscribe('Bundled', voicePriceId);
    const account = await tenant.as.post('/api/accounts').send({ subscriptionId, ratePlanId: plan.body.id, kind: 'postpaid' }).expect(201);
    await tenant.as.post('/api/dids').send({ numbers: ['+254700000011'] }).expect(201);
    const dids = (await tenant.as.get('/api/dids').query({ status: 'available', limit: 100 }).expect(200)).body.data as { id: string; number: string }[];
    await tenant.as.post(`/api/dids/${dids.find((d) => d.number === '254700000011')!.id}/assign`).send({ accountId: account.body.id }).expect(200);

    const csv = ['id,caller_number,called_number,started_at,duration_seconds', `bundle-1,+254700000011,+2348031230001,${at(400)},300`, `bundle-2,+254700000011,+2348031230002,${at(410)},420`].join('\n');
    const ingested = await tenant.as.post('/api/cdrs/upload').attach('file', Buffer.from(csv), { filename: 'cdrs.csv', contentType: 'text/csv' }).expect(202);
    expect(ingested.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: [] });
    await ratingDone();
    // 600 s of bundle: the first call takes 300, the second the remaining 300 and pays 2 minutes at 6.
    expect(await cdrBySwitchId('bundle-1')).toMatchObject({ status: 'rated', cost: '0', bundleSeconds: 300 });
    expect(await cdrBySwitchId('bundle-2')).toMatchObject({ status: 'rated', cost: '12', bundleSeconds: 300 });
    const usage = async () => (await tenant.as.get(`/api/accounts/${account.body.id}`).expect(200)).body.bundleUsage;
    expect(await usage()).toEqual({ 'mtn-10': 600 });

    // Re-rating both (twice) must land on the same figures: each rating gives back what it replaces.
    for (let round = 0; round < 2; round++) {
      await tenant.as.post('/api/cdrs/retry').send({ accountId: account.body.id }).expect(202).expect((res) => expect(res.body.queued).toBe(2));
      await ratingDone();
    }
    expect(await usage()).toEqual({ 'mtn-10': 600 });
    expect(await cdrBySwitchId('bundle-1')).toMatchObject({ cost: '0', bundleSeconds: 300 });
    expect(await cdrBySwitchId('bundle-2')).toMatchObject({ cost: '12', bundleSeconds: 300 });

    // Re-rating the first call alone: its 300 s come back before it is rated again, so it is still free.
    await tenant.as.post(`/api/cdrs/${(await cdrBySwitchId('bundle-1')).id}/retry`).expect(202);
    await ratingDone();
    expect(await cdrBySwitchId('bundle-1')).toMatchObject({ cost: '0', bundleSeconds: 300 });
    expect(await usage()).toEqual({ 'mtn-10': 600 });
  });

  it('rates the CDRs of one batch in call order (answer time, then switch id), so the bundle covers the earliest calls', async () => {
    const plan = await tenant.as.post('/api/rate-plans').send({ name: 'Ordered', currency: 'NGN', timezone: 'Africa/Lagos', rounding: { method: 'up', decimals: 4 } }).expect(201);
    await tenant.as.post(`/api/rate-plans/${plan.body.id}/deck`).set('content-type', 'text/csv').send(`${DECK_HEADER}\n234803,NG Mobile MTN,1,60,60,60,0`).expect(200);
    await tenant.as.patch(`/api/rate-plans/${plan.body.id}`).send({ bundles: [{ id: 'mtn-10', destinations: ['NG Mobile MTN'], seconds: 600 }] }).expect(200);
    // Each input order on an account of its own: in call order, and latest first.
    for (const [number, reversed] of [['+254700000031', false], ['+254700000032', true]] as const) {
      const subscriptionId = await subscribe(`Ordered${number.slice(-2)}`, voicePriceId);
      const account = await tenant.as.post('/api/accounts').send({ subscriptionId, ratePlanId: plan.body.id, kind: 'postpaid' }).expect(201);
      await tenant.as.post('/api/dids').send({ numbers: [number] }).expect(201);
      const dids = (await tenant.as.get('/api/dids').query({ status: 'available', limit: 100 }).expect(200)).body.data as { id: string; number: string }[];
      await tenant.as.post(`/api/dids/${dids.find((d) => d.number === number.slice(1))!.id}/assign`).send({ accountId: account.body.id }).expect(200);

      // Four 300 s calls against 600 s of bundle; b and c start at the same time (the switch id decides).
      const id = (letter: string) => `ord-${number.slice(-2)}-${letter}`;
      const calls = [cdr(id('a'), number, '+2348031230004', 300, 600), cdr(id('b'), number, '+2348031230003', 300, 620), cdr(id('c'), number, '+2348031230002', 300, 620), cdr(id('d'), number, '+2348031230001', 300, 630)];
      await tenant.as.post('/api/cdrs/batch').send({ cdrs: reversed ? calls.reverse() : calls }).expect(202);
      await ratingDone();
      const rated = await Promise.all(['a', 'b', 'c', 'd'].map(async (letter) => (({ cost, bundleSeconds }) => ({ cost, bundleSeconds }))(await cdrBySwitchId(id(letter)))));
      expect(rated).toEqual([
        { cost: '0', bundleSeconds: 300 },
        { cost: '0', bundleSeconds: 300 },
        { cost: '5', bundleSeconds: 0 },
        { cost: '5', bundleSeconds: 0 },
      ]);
    }
  });

  it('invoices the last period\'s usage of a subscription that ends at period end, on a final usage-only invoice', async () => {
    const { accountId, subscriptionId } = await accountWithNumber('Leaving', '+254700000012', { kind: 'postpaid' });
    await tenant.as.post(`/api/subscriptions/${subscriptionId}/cancel`).send({ atPeriodEnd: true }).expect(200);
    await ingestOne(cdr('leaving-1', '+254700000012', '+44 20 7946 0004', 90, 500));
    expect(await cdrBySwitchId('leaving-1')).toMatchObject({ status: 'rated', accountId, cost: '24' });

    await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200);
    expect((await tenant.as.get(`/api/subscriptions/${subscriptionId}`).expect(200)).body.status).toBe('canceled');
    const invoices = await tenant.as.get('/api/invoices').query({ limit: 100 }).expect(200);
    const own = invoices.body.data.filter((invoice: { subscriptionId: string }) => invoice.subscriptionId === subscriptionId);
    const details = (await Promise.all(own.map((invoice: { id: string }) => tenant.as.get(`/api/invoices/${invoice.id}`).expect(200)))).map((res) => res.body);
    const final = details.filter((invoice) => invoice.lines.some((line: { description: string }) => line.description.startsWith('Calls to')));
    expect(final).toHaveLength(1);
    expect(final[0].lines.map((line: { description: string; amount: string }) => [line.description, String(line.amount)])).toEqual([['Calls to UK: 1 call, 2 min', '2400']]);
    expect(final[0].total).toBe(2400);
    expect((await cdrBySwitchId('leaving-1')).invoiceId).toBe(final[0].id);

    // Nothing left to bill: a second run issues nothing more for it.
    await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200);
    const again = await tenant.as.get('/api/invoices').query({ limit: 100 }).expect(200);
    expect(again.body.data.filter((invoice: { subscriptionId: string }) => invoice.subscriptionId === subscriptionId)).toHaveLength(own.length);
  });
});
