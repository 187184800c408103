// Test clocks against a real tenant database: subscriptions of a clock's customers start as of the
// clock's time, the wall-time cycle leaves them alone, an advance bills every boundary crossed in
// order (trial end, renewals) with invoices issued at the clock's time, and deletion removes what the
// clock made.
import { DomainError } from '@nova/domain';
import { addDids, assignDid, createRatePlan, createTelecomAccount, listDids, topUpAccount } from '@nova/telecom';
import { issueCreditNote, recordOfflinePayment, recordReceipt, remindersDue } from '../collection';
import { addCustomerTaxId, createCustomer, createTestClock, getTestClock, requestTestClockAdvance, type ClockScope } from '../customers';
import { createInvoice, finalizeDueDrafts, finalizeInvoice, getInvoice, listInvoices } from '../invoicing';
import { cancelSubscription, createSubscription, getSubscription } from '../subscriptions';
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../test/support/migrated-tenant-db';
import { runBillingCycle } from './billing-cycle';
import { advanceTestClockSteps, deleteTestClock } from './test-clocks';

const SETTINGS = { invoicePrefix: 'CLK-', paymentTermsDays: 14, invoicesPerMonth: null };
const DAY_MS = 86_400_000;
const NO_LIMIT = { customers: null };
const addMonths = (at: Date, months: number) => {
  const result = new Date(at.getTime());
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
};

describe('test clocks (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeEach(async () => {
    db = await migratedTenantDb('test_clocks_uc');
  });
  afterEach(() => db.drop());

  // 200 days back, at midnight UTC on the 10th (so that months add without clamping).
  const frozenStart = () => {
    const at = new Date(Date.now() - 200 * DAY_MS);
    return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 10));
  };

  async function clockCustomer(frozenTime = frozenStart()) {
    const clock = await createTestClock(db.db, { frozenTime, name: 'Trial then two renewals' });
    const customer = await createCustomer(db.db, { name: 'Clocked', email: 'clocked@example.test', testClockId: clock.id }, NO_LIMIT);
    return { clock, customer };
  }

  const hooks = (collected: { scope: ClockScope; at: Date }[] = []) => ({
    batchSize: 100,
    retryDelaysSeconds: [86_400],
    collect: async (scope: ClockScope, at: Date) => {
      collected.push({ scope, at });
      return { chargesAttempted: 0, remindersQueued: 0 };
    },
  });

  it("subscribes a clock's customer as of the clock's frozen time, and refuses an unknown clock naming testClockId", async () => {
    const { clock, customer } = await clockCustomer();
    expect(customer.testClockId).toBe(clock.id);
    const priceId = await seedPrice(db.pool, { unitAmount: 50_000n });
    const { subscription, firstInvoice } = await createSubscription(db.db, SETTINGS, { customerId: customer.id, priceId, quantity: 1 });
    expect(subscription.currentPeriodStart).toEqual(clock.frozenTime);
    expect(subscription.currentPeriodEnd).toEqual(addMonths(clock.frozenTime, 1));
    expect((await getInvoice(db.db, firstInvoice!.id)).issuedAt).toEqual(clock.frozenTime);

    const refused = await createCustomer(db.db, { name: 'X', email: 'x@example.test', testClockId: '00000000-0000-4000-8000-000000000000' }, NO_LIMIT).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).details).toMatchObject({ fields: [{ field: 'testClockId' }] });
  });

  it("the wall-time cycle keeps billing everyone else and never a clock's customers", async () => {
    const { customer } = await clockCustomer();
    const priceId = await seedPrice(db.pool, { unitAmount: 50_000n });
    const clocked = await createSubscription(db.db, SETTINGS, { customerId: customer.id, priceId, quantity: 1 });
    const plain = await createSubscription(db.db, SETTINGS, { customerId: await seedCustomer(db.pool), priceId, quantity: 1, startAt: new Date(Date.now() - 40 * DAY_MS) });

    const result = await runBillingCycle(db.pool, SETTINGS, new Date());
    expect(result.invoicesIssued).toBe(1);
    expect((await getSubscription(db.db, plain.subscriptionId)).currentPeriodStart).toEqual(plain.subscription.currentPeriodEnd);
    expect(await getSubscription(db.db, clocked.subscriptionId)).toMatchObject({ currentPeriodStart: clocked.subscription.currentPeriodStart, status: 'active' });
    expect((await listInvoices(db.db, { limit: 100, subscriptionId: clocked.subscriptionId })).data).toHaveLength(1);
  });

  it("carries the customer's clock on its subscriptions and invoices from creation, and the drafts' and reminders' claims scope by it", async () => {
    const { clock, customer } = await clockCustomer();
    const priceId = await seedPrice(db.pool, { unitAmount: 50_000n });
    const withDrafts = { ...SETTINGS, draftFinalizeDelayMinutes: 60 };
    const clocked = await createSubscription(db.db, withDrafts, { customerId: customer.id, priceId, quantity: 1 });
    const plain = await createSubscription(db.db, withDrafts, { customerId: await seedCustomer(db.pool), priceId, quantity: 1, startAt: new Date(Date.now() - 40 * DAY_MS) });
    // The claims read the row's own column (no customer lookup per row): set at creation, null on the wall clock.
    const clockOf = async (table: 'subscriptions' | 'invoices', id: string) => (await db.pool.query(`SELECT test_clock_id FROM ${table} WHERE id = $1`, [id])).rows[0]?.test_clock_id;
    expect(await clockOf('subscriptions', clocked.subscriptionId)).toBe(clock.id);
    expect(await clockOf('invoices', clocked.firstInvoice!.id)).toBe(clock.id);
    expect(await clockOf('subscriptions', plain.subscriptionId)).toBeNull();
    expect(await clockOf('invoices', plain.firstInvoice!.id)).toBeNull();

    // A renewal draft each: the wall-time cycle's for the plain customer, the clock's own cycle (at its time) for the clocked one.
    expect((await runBillingCycle(db.pool, withDrafts, new Date())).invoicesIssued).toBe(1);
    const clockScope: ClockScope = { testClockId: clock.id };
    const clockTime = addMonths(clock.frozenTime, 1);
    expect((await runBillingCycle(db.pool, withDrafts, clockTime, 100, { scope: clockScope, issuedAt: clockTime })).invoicesIssued).toBe(1);
    const drafts = async (subscriptionId: string) => (await listInvoices(db.db, { limit: 10, subscriptionId })).data.filter((invoice) => invoice.status === 'draft');
    const [clockDraft] = await drafts(clocked.subscriptionId);
    expect(await clockOf('invoices', clockDraft!.id)).toBe(clock.id);
    expect(await drafts(plain.subscriptionId)).toHaveLength(1);

    // Long after both drafts' hour: the wall-time finalizer takes only the plain one, the clock's scope only its own.
    const later = new Date(Date.now() + 400 * DAY_MS);
    expect(await finalizeDueDrafts(db.pool, withDrafts, later)).toBe(1);
    expect(await drafts(plain.subscriptionId)).toEqual([]);
    expect(await drafts(clocked.subscriptionId)).toHaveLength(1);
    expect(await finalizeDueDrafts(db.pool, withDrafts, later, 100, { scope: clockScope, finalizedAt: clockTime })).toBe(1);
    expect(await drafts(clocked.subscriptionId)).toEqual([]);

    // Reminders for the open invoices no saved method collects: each scope sees only its own.
    const remindedInvoices = async (scope?: ClockScope) => new Set((await remindersDue(db.db, later, [86_400], scope)).map((due) => due.invoiceId));
    const wallReminded = await remindedInvoices();
    const clockReminded = await remindedInvoices(clockScope);
    expect(wallReminded.has(plain.firstInvoice!.id)).toBe(true);
    expect(wallReminded.has(clocked.firstInvoice!.id)).toBe(false);
    expect(clockReminded.has(clocked.firstInvoice!.id)).toBe(true);
    expect(clockReminded.has(plain.firstInvoice!.id)).toBe(false);
  });

  it('an advance steps through the trial end and two renewals in order, invoices issued at the clock time', async () => {
    const { clock, customer } = await clockCustomer();
    const priceId = await seedPrice(db.pool, { unitAmount: 50_000n, trialDays: 14 });
    const { subscription, firstInvoice } = await createSubscription(db.db, SETTINGS, { customerId: customer.id, priceId, quantity: 1 });
    expect(firstInvoice).toBeNull();
    const trialEnd = new Date(clock.frozenTime.getTime() + 14 * DAY_MS);
    expect(subscription).toMatchObject({ status: 'trialing', trialEnd });

    const target = new Date(addMonths(trialEnd, 2).getTime() + DAY_MS);
    const advancing = await requestTestClockAdvance(db.db, { testClockId: clock.id, frozenTime: target });
    expect(advancing).toMatchObject({ status: 'advancing', frozenTime: clock.frozenTime, advancingTo: target });
    // One advance at a time (409), and never backwards (400 naming frozenTime).
    await expect(requestTestClockAdvance(db.db, { testClockId: clock.id, frozenTime: new Date(target.getTime() + DAY_MS) })).rejects.toThrow(/already advancing/);

    const collected: { scope: ClockScope; at: Date }[] = [];
    const result = await advanceTestClockSteps(db.db, SETTINGS, clock.id, hooks(collected));
    expect(result.failure).toBeUndefined();
    expect(result.invoicesIssued).toBe(3);
    expect(await getTestClock(db.db, clock.id)).toMatchObject({ status: 'ready', frozenTime: target, advancingTo: null });

    // Steps: the trial_will_end notice (3 days before), the trial end, two renewals, the target.
    const steps = collected.map((step) => step.at.getTime());
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(collected.every((step) => step.scope.testClockId === clock.id)).toBe(true);
    expect(steps).toEqual(expect.arrayContaining([trialEnd.getTime() - 3 * DAY_MS, trialEnd.getTime(), addMonths(trialEnd, 1).getTime(), addMonths(trialEnd, 2).getTime(), target.getTime()]));

    const invoices = (await listInvoices(db.db, { limit: 100, subscriptionId: subscription.id })).data.sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime());
    expect(invoices.map((invoice) => [invoice.issuedAt, invoice.periodStart])).toEqual([
      [trialEnd, trialEnd],
      [addMonths(trialEnd, 1), addMonths(trialEnd, 1)],
      [addMonths(trialEnd, 2), addMonths(trialEnd, 2)],
    ]);
    expect(await getSubscription(db.db, subscription.id)).toMatchObject({ status: 'active', currentPeriodStart: addMonths(trialEnd, 2), currentPeriodEnd: addMonths(trialEnd, 3) });
    const { rows: events } = await db.pool.query<{ type: string }>(`SELECT type FROM events WHERE body LIKE '%' || $1 || '%' ORDER BY created_at, id`, [subscription.id]);
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['subscription.created', 'subscription.trial_will_end', 'invoice.created']));

    await expect(requestTestClockAdvance(db.db, { testClockId: clock.id, frozenTime: clock.frozenTime })).rejects.toMatchObject({ details: { fields: [{ field: 'frozenTime' }] } });
    // Re-running a finished advance changes nothing.
    expect(await advanceTestClockSteps(db.db, SETTINGS, clock.id, hooks())).toMatchObject({ steps: 0, invoicesIssued: 0 });
  });

  it("in a zoned tenant, a clock at 14:23 local: the trial ends at local midnight, then the anchor's stub and anchored renewals, stepped in order", async () => {
    const ZONE = 'Africa/Nairobi';
    const NAIROBI = { ...SETTINGS, timeZone: ZONE };
    // 14:23 EAT on the 10th, 200 days back (Nairobi is UTC+3 all year).
    const dayStart = new Date(frozenStart().getTime() - 3 * 3_600_000);
    const { clock, customer } = await clockCustomer(new Date(dayStart.getTime() + (14 * 60 + 23) * 60_000));
    const priceId = await seedPrice(db.pool, { unitAmount: 31_000n });
    const { subscription, firstInvoice } = await createSubscription(db.db, NAIROBI, { customerId: customer.id, priceId, quantity: 1, trialDays: 7, billingCycleAnchorDay: 1 });
    expect(firstInvoice).toBeNull();
    const trialEnd = new Date(dayStart.getTime() + 7 * DAY_MS); // the 17th, 00:00 EAT
    // 00:00 EAT on the 1st of the month `months` after the trial's (21:00 UTC the day before).
    const first = (months: number) => new Date(Date.UTC(trialEnd.getUTCFullYear(), trialEnd.getUTCMonth() + months, 1) - 3 * 3_600_000);
    const anchor = first(1);
    expect(subscription).toMatchObject({ status: 'trialing', currentPeriodStart: dayStart, trialEnd, currentPeriodEnd: trialEnd, billingAnchor: anchor });

    const target = new Date(first(2).getTime() + DAY_MS);
    await requestTestClockAdvance(db.db, { testClockId: clock.id, frozenTime: target });
    const result = await advanceTestClockSteps(db.db, NAIROBI, clock.id, hooks());
    expect(result.failure).toBeUndefined();
    const invoices = (await listInvoices(db.db, { limit: 100, subscriptionId: subscription.id })).data.sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime());
    // Each issued at the boundary the clock stepped to: the stub at the trial's end, then the anchor, then a month on.
    expect(invoices.map((invoice) => [invoice.issuedAt, invoice.periodStart, invoice.periodEnd])).toEqual([
      [trialEnd, trialEnd, anchor],
      [anchor, anchor, first(2)],
      [first(2), first(2), first(3)],
    ]);
    expect(invoices[0]!.total).toBeLessThan(31_000n);
    expect(invoices.slice(1).map((invoice) => invoice.total)).toEqual([31_000n, 31_000n]);
  });

  it("a clock's customer is invoiced by hand and canceled as of the clock's time too", async () => {
    const { clock, customer } = await clockCustomer();
    const priceId = await seedPrice(db.pool, { unitAmount: 50_000n });
    const { subscriptionId } = await createSubscription(db.db, SETTINGS, { customerId: customer.id, priceId, quantity: 1 });
    const oneOff = await createInvoice(db.db, SETTINGS, { customerId: customer.id, currency: 'KES', lines: [{ description: 'Installation', quantity: 1, unitAmount: 10_000n }] });
    expect(oneOff.issuedAt).toEqual(clock.frozenTime);
    expect(await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: false })).toMatchObject({ status: 'canceled', canceledAt: clock.frozenTime, endedAt: clock.frozenTime });
  });

  it("a clock's customer's draft finalized by hand, an invoice marked paid and a receipt are dated at the clock's time", async () => {
    const { clock, customer } = await clockCustomer();
    const lines = [{ description: 'Consulting', quantity: 1, unitAmount: 10_000n }];
    const draft = await createInvoice(db.db, SETTINGS, { customerId: customer.id, currency: 'KES', lines, draft: true });
    const finalized = await finalizeInvoice(db.db, SETTINGS, { invoiceId: draft.id });
    expect(finalized).toMatchObject({ status: 'open', issuedAt: clock.frozenTime, dueAt: new Date(clock.frozenTime.getTime() + 14 * DAY_MS) });

    await recordOfflinePayment(db.db, { invoiceId: draft.id });
    expect(await getInvoice(db.db, draft.id)).toMatchObject({ status: 'paid', paidAt: clock.frozenTime });
    const { rows: payments } = await db.pool.query<{ paid_at: Date }>('SELECT paid_at FROM payments WHERE customer_id = $1', [customer.id]);
    expect(payments).toEqual([{ paid_at: clock.frozenTime }]);

    // A receipt without receivedAt is received at the clock's time; one past the clock's day ahead is refused naming receivedAt.
    const other = await createInvoice(db.db, SETTINGS, { customerId: customer.id, currency: 'KES', lines });
    const receipt = await recordReceipt(db.db, { customerId: customer.id, amount: 10_000n, currency: 'KES', method: 'cash', allocate: { kind: 'oldest_first' } });
    expect(receipt.allocations).toEqual([{ invoiceId: other.id, amount: 10_000n }]);
    expect(await getInvoice(db.db, other.id)).toMatchObject({ status: 'paid', paidAt: clock.frozenTime });
    const ahead = new Date(clock.frozenTime.getTime() + 2 * DAY_MS);
    await expect(recordReceipt(db.db, { customerId: customer.id, amount: 1n, currency: 'KES', method: 'cash', receivedAt: ahead, allocate: { kind: 'oldest_first' } })).rejects.toMatchObject({
      details: { fields: [{ field: 'receivedAt' }] },
    });
  });

  it("renewals that wait as drafts are finalized when the clock reaches their time, and only then collected", async () => {
    const { clock, customer } = await clockCustomer();
    const priceId = await seedPrice(db.pool, { unitAmount: 50_000n });
    const { subscription } = await createSubscription(db.db, SETTINGS, { customerId: customer.id, priceId, quantity: 1 });
    const renewal = subscription.currentPeriodEnd;
    const finalizedAt = new Date(renewal.getTime() + 60 * 60_000);
    await requestTestClockAdvance(db.db, { testClockId: clock.id, frozenTime: new Date(renewal.getTime() + 2 * 60 * 60_000) });
    const collected: { scope: ClockScope; at: Date }[] = [];
    const result = await advanceTestClockSteps(db.db, { ...SETTINGS, draftFinalizeDelayMinutes: 60 }, clock.id, hooks(collected));
    expect(result).toMatchObject({ invoicesIssued: 1 });
    expect(collected.map((step) => step.at)).toEqual(expect.arrayContaining([renewal, finalizedAt]));
    const invoices = (await listInvoices(db.db, { limit: 100, subscriptionId: subscription.id })).data;
    expect(invoices.find((invoice) => invoice.periodStart?.getTime() === renewal.getTime())).toMatchObject({ status: 'open', issuedAt: finalizedAt });
  });

  it('a failing step leaves the clock internal_failure with the reason', async () => {
    const { clock } = await clockCustomer();
    await requestTestClockAdvance(db.db, { testClockId: clock.id, frozenTime: new Date(clock.frozenTime.getTime() + DAY_MS) });
    const result = await advanceTestClockSteps(db.db, SETTINGS, clock.id, { ...hooks(), collect: () => Promise.reject(new Error('provider exploded')) });
    expect(result.failure).toBe('provider exploded');
    expect(await getTestClock(db.db, clock.id)).toMatchObject({ status: 'internal_failure', failure: 'provider exploded', frozenTime: clock.frozenTime });
  });

  it("deleting a clock deletes its customers and everything of theirs in one go, keeps the audit log and events, and is 404 after", async () => {
    const { clock, customer } = await clockCustomer();
    const bare = await createCustomer(db.db, { name: 'No history', email: 'bare@example.test', testClockId: clock.id }, NO_LIMIT);
    const priceId = await seedPrice(db.pool, { unitAmount: 50_000n });
    const { subscriptionId, firstInvoice } = await createSubscription(db.db, SETTINGS, { customerId: customer.id, priceId, quantity: 1 });
    const oneOff = await createInvoice(db.db, SETTINGS, { customerId: customer.id, currency: 'KES', lines: [{ description: 'Setup', quantity: 1, unitAmount: 10_000n }] });
    // A receipt paying the first invoice with 5 000 over (an allocation, a balance movement), a credit note, a pending item, a tax id.
    await recordReceipt(db.db, { customerId: customer.id, amount: 55_000n, currency: 'KES', method: 'cash', allocate: { kind: 'explicit', allocations: [{ invoiceId: firstInvoice!.id, amount: 50_000n }] } });
    await issueCreditNote(db.db, { invoiceId: oneOff.id, amount: 2_000n, reason: 'product_unsatisfactory' });
    await db.pool.query(
      `INSERT INTO pending_invoice_items (id, customer_id, subscription_id, currency, description, amount, period_start, period_end) VALUES (gen_random_uuid(), $1, $2, 'KES', 'Proration', 100, now(), now())`,
      [customer.id, subscriptionId],
    );
    await addCustomerTaxId(db.db, { customerId: customer.id, type: 'ke_pin', value: 'P051234567X' });
    // A prepaid telecom account on the subscription, topped up, with a number.
    const ratePlan = await createRatePlan(db.db, {
      name: 'Clocked calls',
      currency: 'KES',
      timezone: 'Africa/Nairobi',
      rounding: { method: 'half-up', decimals: 4 },
      destinations: [{ name: 'NG Mobile MTN', prefixes: ['234803'] }],
      rates: [{ id: 'mtn', destination: 'NG Mobile MTN', pricePerUnit: '6', unitSeconds: 60, initialIncrement: 60, subsequentIncrement: 60 }],
    });
    const telecomAccount = await createTelecomAccount(db.db, { subscriptionId, ratePlanId: ratePlan.id, kind: 'prepaid' });
    await topUpAccount(db.db, { accountId: telecomAccount.id, amount: 1_000 });
    await addDids(db.db, { numbers: ['+254711000111'] });
    const did = (await listDids(db.db, { status: 'available', limit: 100 })).data.find((d) => d.number === '254711000111')!;
    await assignDid(db.db, { didId: did.id, accountId: telecomAccount.id });
    await db.pool.query(
      `INSERT INTO cdrs (switch_id, caller_number, called_number, started_at, duration_ms, account_id, subscription_id) VALUES ('sw-1', '254711000111', '2348031234567', now(), 60000, $1, $2)`,
      [telecomAccount.id, subscriptionId],
    );
    // Someone on the wall clock, untouched.
    const other = await createSubscription(db.db, SETTINGS, { customerId: await seedCustomer(db.pool), priceId, quantity: 1 });

    const ours = [customer.id, bare.id];
    const countOf = async (table: string) => Number((await db.pool.query(`SELECT count(*) AS n FROM ${table} WHERE customer_id = ANY($1::uuid[])`, [ours])).rows[0].n);
    const owned = ['subscriptions', 'invoices', 'payments', 'credit_notes', 'customer_balance_transactions', 'customer_balances', 'pending_invoice_items', 'customer_tax_ids', 'payment_methods', 'discounts'];
    expect((await Promise.all(owned.map(countOf))).slice(0, 8).every((n) => n > 0)).toBe(true);
    const auditBefore = Number((await db.pool.query('SELECT count(*) AS n FROM audit_log')).rows[0].n);

    await deleteTestClock(db.db, clock.id);
    expect(Object.fromEntries(await Promise.all(owned.map(async (table) => [table, await countOf(table)])))).toEqual(Object.fromEntries(owned.map((table) => [table, 0])));
    const { rows: customers } = await db.pool.query('SELECT id FROM customers WHERE id = ANY($1::uuid[])', [ours]);
    expect(customers).toEqual([]);
    for (const table of ['invoice_lines', 'payment_allocations']) {
      const { rows } = await db.pool.query(`SELECT count(*) AS n FROM ${table} WHERE invoice_id = ANY($1::uuid[])`, [[firstInvoice!.id, oneOff.id]]);
      expect({ table, n: Number(rows[0].n) }).toEqual({ table, n: 0 });
    }
    expect(Number((await db.pool.query('SELECT count(*) AS n FROM subscription_items WHERE subscription_id = $1', [subscriptionId])).rows[0].n)).toBe(0);
    expect(Number((await db.pool.query('SELECT count(*) AS n FROM test_clocks WHERE id = $1', [clock.id])).rows[0].n)).toBe(0);
    expect((await db.pool.query('SELECT id FROM telecom_accounts WHERE id = $1 UNION ALL SELECT id FROM telecom_top_ups WHERE account_id = $1', [telecomAccount.id])).rows).toEqual([]);
    expect((await db.pool.query('SELECT id FROM cdrs WHERE account_id = $1 OR subscription_id = $2', [telecomAccount.id, subscriptionId])).rows).toEqual([]);
    // The number is back in the inventory.
    expect((await db.pool.query('SELECT account_id FROM dids WHERE id = $1', [did.id])).rows).toEqual([{ account_id: null }]);
    await expect(getSubscription(db.db, subscriptionId)).rejects.toMatchObject({ code: 'not_found' });
    await expect(getInvoice(db.db, firstInvoice!.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(getTestClock(db.db, clock.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(deleteTestClock(db.db, clock.id)).rejects.toMatchObject({ code: 'not_found' });
    // The wall-time customer keeps everything.
    expect(await getSubscription(db.db, other.subscriptionId)).toMatchObject({ status: 'active' });
    expect(await getInvoice(db.db, other.firstInvoice!.id)).toMatchObject({ status: 'open' });
    // History stays: the deletes are in the audit log, the events (customer.deleted among them) are kept.
    const { rows: audit } = await db.pool.query<{ action: string }>('SELECT action FROM audit_log ORDER BY id OFFSET $1', [auditBefore]);
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['customer.deleted', 'invoice.deleted', 'subscription.deleted', 'payment.deleted']));
    const { rows: events } = await db.pool.query<{ type: string }>(`SELECT type FROM events WHERE body LIKE '%' || $1 || '%'`, [customer.id]);
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['customer.created', 'invoice.created', 'payment.succeeded', 'customer.deleted']));
  });
});
