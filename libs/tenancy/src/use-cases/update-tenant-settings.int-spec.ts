import { ErrorCode } from '@nova/domain';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, seedTenant, tenancyServices } from '../../../../test/support/migrated-central-db';
import { findTenantBillingSettings, getTenant } from './find-tenant';
import { UpdateTenantSettings } from './update-tenant-settings';

describe('UpdateTenantSettings (real central database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let updateTenantSettings: UpdateTenantSettings;

  beforeAll(async () => {
    db = await migratedCentralDb('tenant_settings_uc');
    services = tenancyServices(db);
    updateTenantSettings = new UpdateTenantSettings(db.central, services.directory);
  });
  afterAll(async () => {
    await services.close();
    await db.drop();
  });

  it('changes only the settings given; billing reads the new invoice prefix and terms', async () => {
    const { tenantId } = await seedTenant(db.central);
    const before = await getTenant(db.central, tenantId);
    const updated = await updateTenantSettings.execute({ tenantId, change: { invoicePrefix: 'ACME-', paymentTermsDays: 30, billingEmail: undefined } });
    expect(updated).toMatchObject({ invoicePrefix: 'ACME-', paymentTermsDays: 30, name: before.name, defaultCurrency: before.defaultCurrency, billingEmail: null });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(await findTenantBillingSettings(db.central, tenantId)).toEqual({ invoicePrefix: 'ACME-', paymentTermsDays: 30, draftFinalizeDelayMinutes: 60, invoicesPerMonth: null, timeZone: 'UTC' });

    const renamed = await updateTenantSettings.execute({ tenantId, change: { name: 'Acme Ltd', defaultCurrency: 'NGN', billingEmail: 'billing@acme.test' } });
    expect(renamed).toMatchObject({ name: 'Acme Ltd', defaultCurrency: 'NGN', billingEmail: 'billing@acme.test', invoicePrefix: 'ACME-' });
  });

  it('refuses an invalid invoice prefix or payment terms (the domain rules) and an unknown tenant, changing nothing', async () => {
    const { tenantId } = await seedTenant(db.central);
    await expect(updateTenantSettings.execute({ tenantId, change: { invoicePrefix: '-bad prefix' } })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { fields: [expect.objectContaining({ field: 'invoicePrefix' })] },
    });
    await expect(updateTenantSettings.execute({ tenantId, change: { paymentTermsDays: 366 } })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { fields: [expect.objectContaining({ field: 'paymentTermsDays' })] },
    });
    await expect(updateTenantSettings.execute({ tenantId, change: { paymentTermsDays: 1.5 } })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(await getTenant(db.central, tenantId)).toMatchObject({ invoicePrefix: 'INV', paymentTermsDays: 14 });
    await expect(updateTenantSettings.execute({ tenantId: '00000000-0000-4000-8000-000000000000', change: { name: 'Nobody' } })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(findTenantBillingSettings(db.central, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('mfaRequired is the owner\'s to change: an admin (or no user) is refused and nothing changes', async () => {
    const { tenantId } = await seedTenant(db.central);
    await expect(updateTenantSettings.execute({ tenantId, actorRole: 'admin', change: { mfaRequired: true } })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(updateTenantSettings.execute({ tenantId, change: { mfaRequired: true } })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    expect((await getTenant(db.central, tenantId)).mfaRequired).toBe(false);
    expect((await updateTenantSettings.execute({ tenantId, actorRole: 'owner', change: { mfaRequired: true } })).mfaRequired).toBe(true);
    // An admin may still change the other settings.
    expect((await updateTenantSettings.execute({ tenantId, actorRole: 'admin', change: { name: 'Still fine' } })).mfaRequired).toBe(true);
  });
});
