import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedSubscription } from '../../../../../test/support/migrated-tenant-db';
import { updateInvoiceMetadata } from './update-invoice-metadata';

describe('updateInvoiceMetadata (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('invoice_metadata_uc');
  });
  afterAll(() => tenant.drop());

  it('merges metadata into an issued invoice and changes nothing else', async () => {
    const { invoiceId } = await seedSubscription(tenant.pool);
    const before = (await tenant.pool.query('SELECT status, total::text, amount_due::text FROM invoices WHERE id = $1', [invoiceId])).rows[0];
    expect((await updateInvoiceMetadata(tenant.db, { invoiceId, metadata: { po: 'PO-77', erp: 'sap' } })).metadata).toEqual({ po: 'PO-77', erp: 'sap' });
    const updated = await updateInvoiceMetadata(tenant.db, { invoiceId, metadata: { erp: '' } });
    expect(updated.metadata).toEqual({ po: 'PO-77' });
    expect((await tenant.pool.query('SELECT status, total::text, amount_due::text FROM invoices WHERE id = $1', [invoiceId])).rows[0]).toEqual(before);
  });

  it('answers an unknown invoice with not found, and refuses nested values naming metadata', async () => {
    await expect(updateInvoiceMetadata(tenant.db, { invoiceId: randomUUID(), metadata: { a: 1 } })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    const { invoiceId } = await seedSubscription(tenant.pool);
    await expect(updateInvoiceMetadata(tenant.db, { invoiceId, metadata: { deep: { no: 1 } } })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'metadata' }] } });
  });
});
