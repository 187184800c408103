// Each context records its events in the transaction of its change (libs/events' outbox): one
// event per change, with the resource as the API shows it, and none when the change rolls back.
import { MigratedTenantDb, eventsAbout, migratedTenantDb, seedCustomer, seedPrice, seedSubscription } from '../../../test/support/migrated-tenant-db';
import { createCustomer, deleteCustomer, updateCustomer } from './customers';
import { cancelSubscription, createSubscription } from './subscriptions';
import { voidCreditNote, voidInvoice } from './invoicing';
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
});
