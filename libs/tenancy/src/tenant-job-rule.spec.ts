import { SUSPENDED_TENANT_RECHECK_MS, TenantJobKind, decideTenantJob, mayEmailCustomers } from './tenant-job-rule';

const kinds: TenantJobKind[] = ['billing', 'rating', 'collection', 'customer-email', 'settlement', 'maintenance', 'test-clock'];

describe('decideTenantJob', () => {
  it('runs every kind of job for an active tenant', () => {
    for (const kind of kinds) expect(decideTenantJob('active', kind)).toEqual({ action: 'run' });
  });

  it('skips every kind of job for a deleted tenant, so none is retried forever', () => {
    for (const kind of kinds) {
      expect(decideTenantJob(null, kind)).toEqual({ action: 'skip', reason: 'tenant deleted' });
      expect(decideTenantJob(undefined, kind)).toEqual({ action: 'skip', reason: 'tenant deleted' });
    }
  });

  it('does not bill, rate, charge or e-mail a suspended tenant, but settles money already received', () => {
    expect(decideTenantJob('suspended', 'billing')).toEqual({ action: 'skip', reason: 'tenant suspended' });
    expect(decideTenantJob('suspended', 'customer-email')).toEqual({ action: 'skip', reason: 'tenant suspended' });
    expect(decideTenantJob('suspended', 'rating')).toEqual({ action: 'defer', reason: 'tenant suspended', delayMs: SUSPENDED_TENANT_RECHECK_MS });
    expect(decideTenantJob('suspended', 'collection')).toEqual({ action: 'defer', reason: 'tenant suspended', delayMs: SUSPENDED_TENANT_RECHECK_MS });
    expect(decideTenantJob('suspended', 'settlement')).toEqual({ action: 'run' });
  });

  it("holds a suspended tenant's test clock advance until it is active again, so the clock never stays advancing", () => {
    expect(decideTenantJob('suspended', 'test-clock')).toEqual({ action: 'defer', reason: 'tenant suspended', delayMs: SUSPENDED_TENANT_RECHECK_MS });
    expect(decideTenantJob('active', 'test-clock')).toEqual({ action: 'run' });
  });

  it('keeps pruning a suspended tenant\'s audit log (retention holds), and skips a tenant still being provisioned', () => {
    expect(decideTenantJob('suspended', 'maintenance')).toEqual({ action: 'run' });
    expect(decideTenantJob('provisioning', 'maintenance')).toEqual({ action: 'skip', reason: 'tenant provisioning' });
  });

  it('runs nothing for a tenant still being provisioned, and defers what must not be lost', () => {
    expect(decideTenantJob('provisioning', 'settlement')).toMatchObject({ action: 'defer' });
    expect(decideTenantJob('provisioning', 'rating')).toMatchObject({ action: 'defer' });
    expect(decideTenantJob('provisioning', 'billing')).toMatchObject({ action: 'skip', reason: 'tenant provisioning' });
  });

  it('lets only active tenants e-mail their customers', () => {
    expect(mayEmailCustomers('active')).toBe(true);
    expect(mayEmailCustomers('suspended')).toBe(false);
    expect(mayEmailCustomers('provisioning')).toBe(false);
    expect(mayEmailCustomers(null)).toBe(false);
  });
});
