import { DEFAULT_DUNNING_RETRY_DELAYS_SECONDS, DEFAULT_REMINDER_DAYS, ErrorCode } from '@nova/domain';
import { migratedTenantDb, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { tenantDunningPolicy, updatePaymentSettings } from './payment-settings';

describe('payment settings: the tenant dunning policy (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('payment_settings');
  });
  afterAll(() => tenant.drop());

  it('starts from the installation defaults; an update changes only what it names', async () => {
    expect(await tenantDunningPolicy(tenant.db, DEFAULT_DUNNING_RETRY_DELAYS_SECONDS)).toEqual({ retryDelaysSeconds: [...DEFAULT_DUNNING_RETRY_DELAYS_SECONDS], finalAction: 'past_due', reminderDays: [...DEFAULT_REMINDER_DAYS] });

    expect(await updatePaymentSettings(tenant.db, { finalAction: 'cancel' }, [60])).toEqual({ retryDelaysSeconds: [60], finalAction: 'cancel', reminderDays: [...DEFAULT_REMINDER_DAYS] });
    expect(await updatePaymentSettings(tenant.db, { retryDelaysSeconds: [120, 240] }, [60])).toEqual({ retryDelaysSeconds: [120, 240], finalAction: 'cancel', reminderDays: [...DEFAULT_REMINDER_DAYS] });
    expect(await tenantDunningPolicy(tenant.db, [60])).toEqual({ retryDelaysSeconds: [120, 240], finalAction: 'cancel', reminderDays: [...DEFAULT_REMINDER_DAYS] });
  });

  it('refuses schedules the domain rules refuse, changing nothing', async () => {
    const before = await tenantDunningPolicy(tenant.db, [60]);
    await expect(updatePaymentSettings(tenant.db, { retryDelaysSeconds: [] }, [60])).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    await expect(updatePaymentSettings(tenant.db, { retryDelaysSeconds: [0.5] }, [60])).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(await tenantDunningPolicy(tenant.db, [60])).toEqual(before);
  });
});
