// The invoicesPerMonth limit of the tenant's NovaBilling plan at the one issuance of invoices:
// one-off invoices, the month boundary (UTC and the tenant's zone), concurrency. Real migrated tenant database.
import { ErrorCode, usageMonth } from '@nova/domain';
import { inTransaction } from '@nova/common';
import { MigratedTenantDb, migratedTenantDb, seedCustomer } from '../../../../../test/support/migrated-tenant-db';
import { tenantCountedUsage } from '../../platform-usage';
import { createInvoice } from './create-invoice';
import { finalizeDueDrafts, finalizeInvoice } from './finalize-invoices';
import { getInvoice } from './get-invoice';
import { issueInvoices } from './issue-invoices';

const settings = (invoicesPerMonth: number | null) => ({ invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth });
const line = { description: 'Consulting day', quantity: 1, unitAmount: 10_000n };

describe("the plan's invoicesPerMonth limit at issuance", () => {
  let tenant: MigratedTenantDb;
  beforeEach(async () => {
    // A database per test: each starts with empty counters.
    tenant = await migratedTenantDb('invoice_plan_limit');
  });
  afterEach(() => tenant.drop());

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
    expect(await tenantCountedUsage(tenant.db, null)).toMatchObject({ invoicesPerMonth: 3 });
  });

  it('counts each invoice in the UTC month it is issued in: a new month starts at zero', async () => {
    const customerId = await seedCustomer(tenant.pool, 'KES');
    const december = new Date('2026-12-31T23:00:00Z');
    const january = new Date('2027-01-01T00:30:00Z');
    const draft = { customerId, currency: 'KES', lines: [line] };
    await inTransaction(tenant.pool, (client) => issueInvoices(client, settings(1), [draft], december, 'enforce'));
    await expect(inTransaction(tenant.pool, (client) => issueInvoices(client, settings(1), [draft], december, 'enforce'))).rejects.toMatchObject({ code: ErrorCode.PlanLimitReached });
    await expect(inTransaction(tenant.pool, (client) => issueInvoices(client, settings(1), [draft], january, 'enforce'))).resolves.toHaveLength(1);
    expect(await tenantCountedUsage(tenant.db, null, december)).toMatchObject({ invoicesPerMonth: 1 });
    expect(await tenantCountedUsage(tenant.db, null, january)).toMatchObject({ invoicesPerMonth: 1 });
    expect(usageMonth(january, "UTC")).toBe('2027-01');
  });

  it("counts in the calendar month of the tenant's time zone: 00:30 on 1 January in Nairobi is January (21:30 UTC on 31 December)", async () => {
    const customerId = await seedCustomer(tenant.pool, 'KES');
    const nairobi = { ...settings(1), timeZone: 'Africa/Nairobi' };
    const lateDecember = new Date('2026-12-31T20:59:00Z'); // 23:59 EAT, 31 December
    const newYear = new Date('2026-12-31T21:30:00Z'); // 00:30 EAT, 1 January: still December in UTC
    const draft = { customerId, currency: 'KES', lines: [line] };
    await inTransaction(tenant.pool, (client) => issueInvoices(client, nairobi, [draft], lateDecember, 'enforce'));
    // A UTC count would refuse this one (both are in December UTC); Nairobi's January has room.
    await expect(inTransaction(tenant.pool, (client) => issueInvoices(client, nairobi, [draft], newYear, 'enforce'))).resolves.toHaveLength(1);
    await expect(inTransaction(tenant.pool, (client) => issueInvoices(client, nairobi, [draft], newYear, 'enforce'))).rejects.toMatchObject({
      details: { limit: { name: 'invoicesPerMonth', used: 1, max: 1 } },
    });
    expect(await tenantCountedUsage(tenant.db, 'Africa/Nairobi', lateDecember)).toMatchObject({ invoicesPerMonth: 1 });
    expect(await tenantCountedUsage(tenant.db, 'Africa/Nairobi', newYear)).toMatchObject({ invoicesPerMonth: 1 });
    // Read in UTC, 21:30 on 31 December is December, which holds only the first invoice.
    expect(await tenantCountedUsage(tenant.db, null, newYear)).toMatchObject({ invoicesPerMonth: 1 });
  });

  it('lets exactly as many concurrent one-off invoices through as fit', async () => {
    const customerId = await seedCustomer(tenant.pool, 'KES');
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map(() => createInvoice(tenant.db, settings(4), { customerId, lines: [line] })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(4);
    expect(results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason.code)).toEqual([ErrorCode.PlanLimitReached, ErrorCode.PlanLimitReached]);
    expect((await tenant.pool.query('SELECT 1 FROM invoices')).rowCount).toBe(4);
  });

  it('counts a draft when it is finalized (by hand: refused past the limit, still a draft), never when it is made', async () => {
    const customerId = await seedCustomer(tenant.pool, 'KES');
    const drafts = await Promise.all([1, 2, 3].map(() => createInvoice(tenant.db, settings(1), { customerId, lines: [line], draft: true })));
    expect(await tenantCountedUsage(tenant.db, null)).toMatchObject({ invoicesPerMonth: 0 });
    await finalizeInvoice(tenant.db, settings(1), { invoiceId: drafts[0]!.id });
    await expect(finalizeInvoice(tenant.db, settings(1), { invoiceId: drafts[1]!.id })).rejects.toMatchObject({ code: ErrorCode.PlanLimitReached });
    expect(await getInvoice(tenant.db, drafts[1]!.id)).toMatchObject({ status: 'draft', number: null });
    // The worker's automatic finalization only counts (as the billing cycle does).
    await tenant.pool.query('UPDATE invoices SET auto_finalize_at = now() WHERE id = ANY($1::uuid[])', [[drafts[1]!.id, drafts[2]!.id]]);
    expect(await finalizeDueDrafts(tenant.pool, settings(1))).toBe(2);
    expect(await tenantCountedUsage(tenant.db, null)).toMatchObject({ invoicesPerMonth: 3 });
    expect((await tenant.pool.query<{ number: string }>('SELECT number FROM invoices ORDER BY sequence')).rows.map((row) => row.number)).toEqual(['INV-000001', 'INV-000002', 'INV-000003']);
  });

});
