// The tax profile and tax rates on a real tenant database: validation naming the field, PUT
// replacing the profile, rates listed and archived, and a used rate refused deletion.
import { MigratedTenantDb, migratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { createProduct } from '../../catalog';
import { createTaxRate, deleteTaxRate, getTaxRate, listTaxRates, updateTaxRate } from './tax-rates';
import { getTaxProfile, putTaxProfile } from './tax-profile';

const BENGALURU = { legalName: 'Nimbus Cloud Pvt Ltd', country: 'IN', address: { line1: '12 MG Road', city: 'Bengaluru', state: 'Karnataka', country: 'IN' }, taxIds: [{ type: 'in_gstin', value: '29aabcu9603r1zj' }] };

describe('tax profile and tax rates (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('tax_settings_uc');
  });
  afterAll(() => db.drop());

  it('has no profile until one is put; PUT creates, then replaces it whole', async () => {
    await expect(getTaxProfile(db.db)).rejects.toMatchObject({ code: 'not_found' });
    const created = await putTaxProfile(db.db, { ...BENGALURU, defaultTaxBehavior: 'inclusive' });
    expect(created).toMatchObject({ legalName: 'Nimbus Cloud Pvt Ltd', country: 'IN', taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }], defaultTaxBehavior: 'inclusive', defaultTaxRateId: null });
    const replaced = await putTaxProfile(db.db, { legalName: 'Nimbus Cloud Private Limited', country: 'IN' });
    expect(replaced).toMatchObject({ legalName: 'Nimbus Cloud Private Limited', taxIds: [], address: {}, defaultTaxBehavior: 'exclusive' });
    expect(await getTaxProfile(db.db)).toEqual(replaced);
  });

  it('refuses a bad profile naming the field', async () => {
    await expect(putTaxProfile(db.db, { ...BENGALURU, taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZK' }] })).rejects.toMatchObject({ details: { fields: [{ field: 'taxIds.0.value', message: 'has a wrong check character' }] } });
    await expect(putTaxProfile(db.db, { ...BENGALURU, country: 'KE' })).rejects.toMatchObject({ details: { fields: [{ field: 'taxIds.0.type' }] } });
    await expect(putTaxProfile(db.db, { ...BENGALURU, legalName: ' ' })).rejects.toMatchObject({ details: { fields: [{ field: 'legalName' }] } });
    await expect(putTaxProfile(db.db, { ...BENGALURU, defaultTaxRateId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ details: { fields: [{ field: 'defaultTaxRateId' }] } });
  });

  it('creates GST and stacked VAT rates, lists active ones, archives and restores', async () => {
    const gst = await createTaxRate(db.db, { name: 'GST 18%', country: 'IN', percentage: '18.0', description: 'SAC 9983' });
    expect(gst).toMatchObject({ percentage: '18', components: [], taxBehavior: null, active: true, state: null });
    const ghana = await createTaxRate(db.db, { name: 'Ghana VAT + levies', country: 'GH', percentage: '20', taxBehavior: 'inclusive', components: [{ code: 'VAT', percentage: '15' }, { code: 'NHIL', percentage: '2.5' }, { code: 'GETFUND', percentage: '2.5' }] });
    expect(ghana.components.map((c) => c.code)).toEqual(['VAT', 'NHIL', 'GETFUND']);
    await expect(createTaxRate(db.db, { name: 'Bad', country: 'KE', percentage: '101' })).rejects.toMatchObject({ details: { fields: [{ field: 'percentage' }] } });

    const archived = await updateTaxRate(db.db, { id: ghana.id, active: false, name: 'Ghana (old)' });
    expect(archived).toMatchObject({ active: false, name: 'Ghana (old)', percentage: '20' });
    const active = await listTaxRates(db.db, { limit: 10, active: true });
    expect(active.data.map((rate) => rate.id)).toEqual([gst.id]);
    expect((await listTaxRates(db.db, { limit: 10 })).data.map((rate) => rate.id)).toEqual([ghana.id, gst.id]);
    await expect(updateTaxRate(db.db, { id: '00000000-0000-4000-8000-000000000000', active: true })).rejects.toMatchObject({ code: 'not_found' });
    // An archived rate is no default for new lines.
    await expect(putTaxProfile(db.db, { ...BENGALURU, defaultTaxRateId: ghana.id })).rejects.toMatchObject({ details: { fields: [{ field: 'defaultTaxRateId', message: 'names an archived tax rate' }] } });
  });

  // (A rate on an issued invoice is refused the same way: issue-invoices-tax.int-spec.ts.)
  it('deletes an unused rate; one a product uses is archived instead (409)', async () => {
    const unused = await createTaxRate(db.db, { name: 'Unused', country: 'IN', percentage: '5' });
    await deleteTaxRate(db.db, unused.id);
    await expect(getTaxRate(db.db, unused.id)).rejects.toMatchObject({ code: 'not_found' });

    const used = await createTaxRate(db.db, { name: 'GST 12%', country: 'IN', percentage: '12' });
    await createProduct(db.db, { name: 'Support', taxCode: '998316', taxRateId: used.id });
    await expect(deleteTaxRate(db.db, used.id)).rejects.toMatchObject({ code: 'invalid_state', message: expect.stringMatching(/archive it/) });
    await expect(deleteTaxRate(db.db, unused.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});
