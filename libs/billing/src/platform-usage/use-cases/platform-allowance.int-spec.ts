// The limits of the tenant's NovaBilling plan counted in the tenant's database, at each
// enforcement point and under concurrency (real PostgreSQL, migrated tenant database).
import { ErrorCode, usageMonth } from '@nova/domain';
import { inTransaction } from '@nova/common';
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../../test/support/migrated-tenant-db';
import { runBillingCycle } from '../../billing-cycle';
import { createCustomer, deleteCustomer } from '../../customers';
import { createInvoice, issueInvoices } from '../../invoicing';
import { createSubscription } from '../../subscriptions';
import { consumeAllowance, tenantCountedUsage } from './platform-allowance';

const DAY_MS = 86_400_000;
const settings = (invoicesPerMonth: number | null) => ({ invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth });
const line = { description: 'Consulting day', quantity: 1, unitAmount: 10_000n };

describe('platform allowance: the plan limits counted in the tenant database', () => {
  let tenant: MigratedTenantDb;
  beforeEach(async () => {
    // A database per test: each starts with empty counters.
    tenant = await migratedTenantDb('platform_usage');
  });
  afterEach(() => tenant.drop());

  const customerCount = async () => (await tenant.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM customers')).rows[0]!.n;

  describe('customers', () => {
    it('refuses the customer past the limit with 402 naming it, usage and maximum; a deleted customer frees its place', async () => {
      const first = await createCustomer(tenant.db, { name: 'One', email: 'one@example.test' }, { customers: 2 });
      await createCustomer(tenant.db, { name: 'Two', email: 'two@example.test' }, { customers: 2 });
      await expect(createCustomer(tenant.db, { name: 'Three', email: 'three@example.test' }, { customers: 2 })).rejects.toMatchObject({
        code: ErrorCode.PlanLimitReached,
        details: { limit: { name: 'customers', used: 2, max: 2 } },
      });
      expect(await customerCount()).toBe(2);
      await deleteCustomer(tenant.db, first.id);
      await expect(createCustomer(tenant.db, { name: 'Three', email: 'three@example.test' }, { customers: 2 })).resolves.toMatchObject({ name: 'Three' });
      expect(await tenantCountedUsage(tenant.db)).toMatchObject({ customers: 2 });
    });

    it('counts nothing for a create that fails (the count and the insert are one transaction)', async () => {
      await createCustomer(tenant.db, { name: 'Holder', email: 'a@example.test', externalId: 'crm-1' }, { customers: 5 });
      await expect(createCustomer(tenant.db, { name: 'Copy', email: 'b@example.test', externalId: 'crm-1' }, { customers: 5 })).rejects.toMatchObject({ code: ErrorCode.Conflict });
      expect(await tenantCountedUsage(tenant.db)).toMatchObject({ customers: 1 });
    });

    it('lets exactly as many concurrent creates through as fit: at the limit, one wins', async () => {
      await createCustomer(tenant.db, { name: 'Existing', email: 'e@example.test' }, { customers: 3 });
      await createCustomer(tenant.db, { name: 'Existing 2', email: 'e2@example.test' }, { customers: 3 });
      const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => createCustomer(tenant.db, { name: `Racer ${i}`, email: `r${i}@example.test` }, { customers: 3 })));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const refused of results.filter((result): result is PromiseRejectedResult => result.status === 'rejected')) {
        expect(refused.reason).toMatchObject({ code: ErrorCode.PlanLimitReached, details: { limit: { name: 'customers', used: 3, max: 3 } } });
      }
      expect(await customerCount()).toBe(3);
    });

    it('unlimited (null) refuses nothing and still counts, so a later limit starts from the truth', async () => {
      for (let i = 0; i < 4; i++) await createCustomer(tenant.db, { name: `C${i}`, email: `c${i}@example.test` }, { customers: null });
      expect(await tenantCountedUsage(tenant.db)).toMatchObject({ customers: 4 });
      await expect(createCustomer(tenant.db, { name: 'Over', email: 'over@example.test' }, { customers: 4 })).rejects.toMatchObject({ details: { limit: { used: 4, max: 4 } } });
    });
  });

  describe('invoices per month', () => {
    it('refuses the one-off invoice past the limit, takes no number, and the refusal names the limit', async () => {
      const customerId = await seedCustomer(tenant.pool, 'KES');
      await createInvoice(tenant.db, settings(2), { customerId, lines: [line] });
      await createInvoice(tenant.db, settings(2), { customerId, lines: [line] });
      await expect(createInvoice(tenant.db, settings(2), { customerId, lines: [line] })).rejects.toMatchObject({
        code: ErrorCode.PlanLimitReached,
        details: { limit: { name: 'invoicesPerMonth', used: 2, max: 2 } },
      });
      // Gapless numbering survives the refusal: the next invoice (limit raised) is number 3.
      expect(await createInvoice(tenant.db, settings(3), { customerId, lines: [line] })).toMatchObject({ number: 'INV-000003' });
      expect(await tenantCountedUsage(tenant.db)).toMatchObject({ invoicesPerMonth: 3 });
    });

    it('refuses a new subscription whose first period would pass the limit, and creates nothing', async () => {
      const customerId = await seedCustomer(tenant.pool, 'KES');
      const priceId = await seedPrice(tenant.pool);
      await createInvoice(tenant.db, settings(1), { customerId, lines: [line] });
      await expect(createSubscription(tenant.db, settings(1), { customerId, priceId, quantity: 1 })).rejects.toMatchObject({ details: { limit: { name: 'invoicesPerMonth' } } });
      expect((await tenant.pool.query('SELECT 1 FROM subscriptions')).rowCount).toBe(0);
      // A trial issues no invoice now: it is not refused.
      await expect(createSubscription(tenant.db, settings(1), { customerId, priceId, quantity: 1, trialDays: 7 })).resolves.toMatchObject({ firstInvoice: null });
    });

    it('the billing cycle bills every renewal past the limit (no revenue dropped); they count, so one-off invoices are refused', async () => {
      const customerId = await seedCustomer(tenant.pool, 'KES');
      const priceId = await seedPrice(tenant.pool, { interval: 'day' });
      // Backdated five days, daily: the first period now (within the limit), four more are due.
      await createSubscription(tenant.db, settings(2), { customerId, priceId, quantity: 1, startAt: new Date(Date.now() - 5 * DAY_MS + 60_000) });
      const cycle = await runBillingCycle(tenant.pool, settings(2), new Date(), 100);
      expect(cycle.invoicesIssued).toBe(4);
      // Issued now, all five count in this month: past the maximum of 2.
      expect(await tenantCountedUsage(tenant.db)).toMatchObject({ invoicesPerMonth: 5 });
      await expect(createInvoice(tenant.db, settings(2), { customerId, lines: [line] })).rejects.toMatchObject({ code: ErrorCode.PlanLimitReached });
    });

    it('counts each invoice in the UTC month it is issued in: a new month starts at zero', async () => {
      const customerId = await seedCustomer(tenant.pool, 'KES');
      const december = new Date('2026-12-31T23:00:00Z');
      const january = new Date('2027-01-01T00:30:00Z');
      const draft = { customerId, currency: 'KES', lines: [line] };
      await inTransaction(tenant.pool, (client) => issueInvoices(client, settings(1), [draft], december, 'enforce'));
      await expect(inTransaction(tenant.pool, (client) => issueInvoices(client, settings(1), [draft], december, 'enforce'))).rejects.toMatchObject({ code: ErrorCode.PlanLimitReached });
      await expect(inTransaction(tenant.pool, (client) => issueInvoices(client, settings(1), [draft], january, 'enforce'))).resolves.toHaveLength(1);
      expect(await tenantCountedUsage(tenant.db, december)).toMatchObject({ invoicesPerMonth: 1 });
      expect(await tenantCountedUsage(tenant.db, january)).toMatchObject({ invoicesPerMonth: 1 });
      expect(usageMonth(january)).toBe('2027-01');
    });

    it('lets exactly as many concurrent one-off invoices through as fit', async () => {
      const customerId = await seedCustomer(tenant.pool, 'KES');
      const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map(() => createInvoice(tenant.db, settings(4), { customerId, lines: [line] })));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(4);
      expect(results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason.code)).toEqual([ErrorCode.PlanLimitReached, ErrorCode.PlanLimitReached]);
      expect((await tenant.pool.query('SELECT 1 FROM invoices')).rowCount).toBe(4);
    });

    it('refuses a batch larger than what is left as a whole, even on an empty month', async () => {
      await expect(inTransaction(tenant.pool, (client) => consumeAllowance(client, 'invoicesPerMonth', { count: 3, max: 2 }))).rejects.toMatchObject({
        details: { limit: { name: 'invoicesPerMonth', used: 0, max: 2 } },
      });
    });
  });
});
