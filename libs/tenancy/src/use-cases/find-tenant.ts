import { DomainError, effectiveLimits } from '@nova/domain';
import type { CentralDb, Tenant } from '@nova/central-db';
import { findTenantPlan, findBillingSettings, findTenantById, findTenantProfile as findProfile, findTenantBySlug, listTenants as tenantsOldestFirst } from '../tenants.repository';

/** The tenant's registry row; not found is a 404. */
export async function getTenant(central: CentralDb, tenantId: string): Promise<Tenant> {
  const tenant = await findTenantById(central.pool, tenantId);
  if (!tenant) throw DomainError.notFound('Tenant', tenantId);
  return tenant;
}

/** How operators name a tenant; not found is a 404. */
export async function getTenantBySlug(central: CentralDb, slug: string): Promise<Tenant> {
  const tenant = await findTenantBySlug(central.pool, slug);
  if (!tenant) throw DomainError.notFound(`Tenant with slug "${slug}"`);
  return tenant;
}

/** Every tenant, oldest first. */
export function listTenants(central: CentralDb): Promise<Tenant[]> {
  return tenantsOldestFirst(central.pool);
}

/** What invoices of the tenant are issued with, and how many its NovaBilling plan allows a month (null: unlimited). */
export async function findTenantBillingSettings(central: CentralDb, tenantId: string): Promise<{ invoicePrefix: string; paymentTermsDays: number; draftFinalizeDelayMinutes: number; timeZone: string; invoicesPerMonth: number | null }> {
  const [settings, plan] = await Promise.all([findBillingSettings(central.pool, tenantId), findTenantPlan(central.pool, tenantId)]);
  if (!settings || !plan) throw DomainError.notFound('Tenant', tenantId);
  return { ...settings, invoicesPerMonth: effectiveLimits(plan.plan, plan.overrides).invoicesPerMonth };
}

/** How the tenant presents itself to its customers: invoice documents and e-mails (their dates in its time zone). */
export async function findTenantProfile(central: CentralDb, tenantId: string): Promise<{ name: string; billingEmail: string | null; timeZone: string }> {
  const profile = await findProfile(central.pool, tenantId);
  if (!profile) throw DomainError.notFound('Tenant', tenantId);
  return profile;
}
