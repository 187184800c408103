import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedSubscription } from '../../../../../test/support/migrated-tenant-db';
import { recordOfflinePayment } from './record-offline-payment';
import { updatePaymentMetadata } from './update-payment-metadata';

describe('updatePaymentMetadata (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('payment_metadata_uc');
  });
  afterAll(() => tenant.drop());

  it('merges metadata into a payment; money and status stay as they are', async () => {
    const { invoiceId } = await seedSubscription(tenant.pool);
    const { paymentId } = await recordOfflinePayment(tenant.db, { invoiceId, reference: 'bank-transfer-1' });
    const before = (await tenant.pool.query('SELECT status, amount::text, amount_applied::text FROM payments WHERE id = $1', [paymentId])).rows[0];
    expect((await updatePaymentMetadata(tenant.db, { paymentId, metadata: { bank: 'KCB', batch: 12 } })).metadata).toEqual({ bank: 'KCB', batch: 12 });
    expect((await updatePaymentMetadata(tenant.db, { paymentId, metadata: { batch: '', checked: true } })).metadata).toEqual({ bank: 'KCB', checked: true });
    expect((await tenant.pool.query('SELECT status, amount::text, amount_applied::text FROM payments WHERE id = $1', [paymentId])).rows[0]).toEqual(before);
  });

  it('answers an unknown payment with not found', async () => {
    await expect(updatePaymentMetadata(tenant.db, { paymentId: randomUUID(), metadata: { a: 1 } })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
