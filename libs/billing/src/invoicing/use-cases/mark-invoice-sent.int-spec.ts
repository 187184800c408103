import { randomUUID } from 'node:crypto';
import { MigratedTenantDb, migratedTenantDb, seedSubscription } from '../../../../../test/support/migrated-tenant-db';
import { getInvoice } from './get-invoice';
import { markInvoiceSent } from './mark-invoice-sent';

describe('markInvoiceSent (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('mark_sent_uc');
  });
  afterAll(() => db.drop());

  it('records when the invoice was e-mailed, again on a resend, without touching its status', async () => {
    const { invoiceId } = await seedSubscription(db.pool);
    expect((await getInvoice(db.db, invoiceId)).sentAt).toBeNull();
    const first = new Date('2026-02-01T08:00:00Z');
    expect(await markInvoiceSent(db.db, { invoiceId, at: first })).toBe(true);
    expect(await getInvoice(db.db, invoiceId)).toMatchObject({ sentAt: first, status: 'open' });
    const again = new Date('2026-02-02T08:00:00Z');
    await markInvoiceSent(db.db, { invoiceId, at: again });
    expect((await getInvoice(db.db, invoiceId)).sentAt).toEqual(again);
  });

  it('returns false for an invoice that no longer exists', async () => {
    expect(await markInvoiceSent(db.db, { invoiceId: randomUUID() })).toBe(false);
  });
});
