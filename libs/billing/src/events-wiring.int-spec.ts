// Each context records its events in the transaction of its change (libs/events' outbox): one
// event per change, with the resource as the API shows it, and none when the change rolls back.
import { MigratedTenantDb, eventsAbout, migratedTenantDb, seedCustomer, seedPrice, seedSubscription } from '../../../test/support/migrated-tenant-db';
import { createCustomer, deleteCustomer, updateCustomer } from './customers';
import { cancelSubscription, createSubscription, pauseSubscription, resumeSubscription } from './subscriptions';
import { noticeOverdueInvoices, voidCreditNote, voidInvoice } from './invoicing';
import { issueCreditNote, recordOfflinePayment } from './collection';
import { runBillingCycle } from './billing-cycle';

const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth: null };
const DAY_MS = 86_400_000;

describe('events recorded by the billing contexts (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('events_wiring');
  });
  afterAll(() => db.drop());

  const typesAbout = async (id: string) => (await eventsAbout(db.pool, id)).map((event) => event.type);

  it('customers: created, updated, deleted, each with the customer as the API shows it; a refused create records nothing', async () => {
    const customer = await createCustomer(db.db, { name: 'Wanjiru', email: 'w@example.test', externalId: 'crm-7' }, { customers: null });
    await updateCustomer(db.db, { id: customer.id, name: 'Wanjiru Kamau', metadata: { tier: 'gold' } });
    await updateCustomer(db.db, { id: customer.id, phone: '+254700000001' });
    await deleteCustomer(db.db, customer.id);
    const events = await eventsAbout(db.pool, customer.id);
    expect(events.map((event) => event.type)).toEqual(['customer.created', 'customer.updated', 'customer.updated', 'customer.deleted']);
    expect(events[1]!.object).toMatchObject({ object: 'customer', id: customer.id, name: 'Wanjiru Kamau', metadata: { tier: 'gold' }, createdAt: customer.createdAt.toISOString() });
    expect(events[3]!.object).toMatchObject({ phone: '+254700000001' });

    const before = (await db.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n;
    await expect(createCustomer(db.db, { name: 'Duplicate', email: 'd@example.test', externalId: 'crm-dup' }, { customers: null }).then(() => createCustomer(db.db, { name: 'Again', email: 'a@example.test', externalId: 'crm-dup' }, { customers: null }))).rejects.toMatchObject({ code: 'conflict' });
    expect((await db.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(before + 1);
  });

  it('a subscription and its first invoice: subscription.created, invoice.created and finalized; paid by hand: invoice.paid and payment.succeeded', async () => {
    const { subscriptionId, invoiceId } = await seedSubscription(db.pool);
    expect(await typesAbout(subscriptionId)).toEqual(['subscription.created']);
    expect(await typesAbout(invoiceId)).toEqual(['invoice.created', 'invoice.finalized']);
    const { paymentId } = await recordOfflinePayment(db.db, { invoiceId, reference: 'cash' });
    expect(await typesAbout(invoiceId)).toEqual(['invoice.created', 'invoice.finalized', 'invoice.paid']);
    const [paid] = await eventsAbout(db.pool, paymentId);
    expect(paid).toMatchObject({ type: 'payment.succeeded', object: { object: 'payment', invoiceId, status: 'succeeded', amount: 250_000 } });
    expect((await eventsAbout(db.pool, invoiceId))[2]!.object).toMatchObject({ object: 'invoice', status: 'paid', amountDue: 0, amountPaid: 250_000 });
  });

  it('void, credit notes and cancel record their events', async () => {
    const { subscriptionId, invoiceId } = await seedSubscription(db.pool);
    const note = await issueCreditNote(db.db, { invoiceId, amount: 1_000n, reason: 'other' });
    await voidCreditNote(db.db, note.id);
    expect(await eventsAbout(db.pool, note.id)).toEqual([
      { type: 'credit_note.created', object: expect.objectContaining({ object: 'credit_note', amount: 1_000, status: 'issued' }) },
      { type: 'credit_note.voided', object: expect.objectContaining({ status: 'void' }) },
    ]);
    await voidInvoice(db.db, { invoiceId });
    expect((await typesAbout(invoiceId)).at(-1)).toBe('invoice.voided');
    await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: true });
    await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: false });
    expect(await typesAbout(subscriptionId)).toEqual(['subscription.created', 'subscription.updated', 'subscription.canceled']);
  });

  it('the billing cycle: a renewal is subscription.updated with the new period and a new invoice created and finalized', async () => {
    const [customerId, priceId] = await Promise.all([seedCustomer(db.pool), seedPrice(db.pool)]);
    const { subscription } = await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, startAt: new Date(Date.now() - 40 * DAY_MS) });
    await runBillingCycle(db.pool, SETTINGS, new Date());
    const events = await eventsAbout(db.pool, subscription.id);
    expect(events.map((event) => event.type)).toEqual(['subscription.created', 'subscription.updated']);
    expect(events[1]!.object).toMatchObject({ currentPeriodStart: subscription.currentPeriodEnd.toISOString() });
    const renewal = await db.pool.query<{ id: string }>('SELECT id FROM invoices WHERE subscription_id = $1 AND period_start = $2', [subscription.id, subscription.currentPeriodEnd]);
    expect(await typesAbout(renewal.rows[0]!.id)).toEqual(['invoice.created', 'invoice.finalized']);
  });

  it('the billing cycle: subscription.trial_will_end once, three days before a trial ends', async () => {
    const [customerId, priceId] = await Promise.all([seedCustomer(db.pool), seedPrice(db.pool)]);
    const endingSoon = (await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, trialDays: 2 })).subscription;
    const endingLater = (await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, trialDays: 10 })).subscription;
    await runBillingCycle(db.pool, SETTINGS, new Date());
    await runBillingCycle(db.pool, SETTINGS, new Date());
    const events = await eventsAbout(db.pool, endingSoon.id);
    expect(events.map((event) => event.type)).toEqual(['subscription.created', 'subscription.trial_will_end']);
    expect(events[1]!.object).toMatchObject({ object: 'subscription', status: 'trialing', trialEnd: endingSoon.trialEnd!.toISOString() });
    expect(await typesAbout(endingLater.id)).toEqual(['subscription.created']);
    await runBillingCycle(db.pool, SETTINGS, new Date(Date.now() + 8 * DAY_MS));
    expect(await typesAbout(endingLater.id)).toEqual(['subscription.created', 'subscription.trial_will_end']);
  });

  it('pause and resume by hand: subscription.paused and subscription.resumed, each with the subscription as it is then', async () => {
    const { subscriptionId } = await seedSubscription(db.pool);
    await pauseSubscription(db.db, { subscriptionId, behavior: 'keep_as_draft' });
    await resumeSubscription(db.db, subscriptionId);
    const events = await eventsAbout(db.pool, subscriptionId);
    expect(events.map((event) => event.type)).toEqual(['subscription.created', 'subscription.paused', 'subscription.resumed']);
    expect(events[1]!.object).toMatchObject({ object: 'subscription', status: 'paused', pauseCollection: { behavior: 'keep_as_draft' } });
    expect(events[2]!.object).toMatchObject({ status: 'active', pauseCollection: null });
    // A refused resume (not paused any more) records nothing.
    await expect(resumeSubscription(db.db, subscriptionId)).rejects.toBeDefined();
    expect(await typesAbout(subscriptionId)).toHaveLength(3);
  });

  it('the billing cycle resuming a subscription at its resume date records subscription.resumed once', async () => {
    const { subscriptionId } = await seedSubscription(db.pool);
    await pauseSubscription(db.db, { subscriptionId, behavior: 'mark_uncollectible', resumesAt: new Date(Date.now() + DAY_MS) });
    await runBillingCycle(db.pool, SETTINGS, new Date(Date.now() + 2 * DAY_MS));
    await runBillingCycle(db.pool, SETTINGS, new Date(Date.now() + 3 * DAY_MS));
    expect(await typesAbout(subscriptionId)).toEqual(['subscription.created', 'subscription.paused', 'subscription.resumed']);
  });

  it('invoice.overdue: once per open invoice past its due date unpaid, with its marker; never for paid or void ones, never twice', async () => {
    const overdue = await seedSubscription(db.pool);
    const paid = await seedSubscription(db.pool);
    await recordOfflinePayment(db.db, { invoiceId: paid.invoiceId, reference: 'cash' });
    const voided = await seedSubscription(db.pool);
    await voidInvoice(db.db, { invoiceId: voided.invoiceId });
    const dueAt = (await db.pool.query<{ due_at: Date }>('SELECT due_at FROM invoices WHERE id = $1', [overdue.invoiceId])).rows[0]!.due_at;

    // At the due date it is not overdue yet.
    await noticeOverdueInvoices(db.pool, dueAt);
    expect(await typesAbout(overdue.invoiceId)).toEqual(['invoice.created', 'invoice.finalized']);

    const later = new Date(dueAt.getTime() + DAY_MS);
    // Two scans at once and a third later (batches of one): still one event, written with the marker.
    const counts = await Promise.all([noticeOverdueInvoices(db.pool, later, 1), noticeOverdueInvoices(db.pool, later, 1)]);
    await noticeOverdueInvoices(db.pool, new Date(later.getTime() + DAY_MS));
    expect(await typesAbout(overdue.invoiceId)).toEqual(['invoice.created', 'invoice.finalized', 'invoice.overdue']);
    expect(counts[0]! + counts[1]!).toBeGreaterThanOrEqual(1);
    const [, , event] = await eventsAbout(db.pool, overdue.invoiceId);
    expect(event!.object).toMatchObject({ object: 'invoice', id: overdue.invoiceId, status: 'open', amountDue: 250_000 });
    const marker = await db.pool.query<{ overdue_noticed_at: Date | null }>('SELECT overdue_noticed_at FROM invoices WHERE id = $1', [overdue.invoiceId]);
    expect(marker.rows[0]!.overdue_noticed_at).toEqual(later);
    expect(await typesAbout(paid.invoiceId)).not.toContain('invoice.overdue');
    expect(await typesAbout(voided.invoiceId)).not.toContain('invoice.overdue');
  });
});
