import { PLAN_LIMIT_NAMES, type PlanLimitName, planAccess } from '@nova/domain';
import type { CentralDb } from '@nova/central-db';
import type { TenantDatabase } from '@nova/tenant-db';
import { centralPlanUsage, findTenantPlanLimits } from '@nova/tenancy';
import { tenantCountedUsage } from './platform-allowance';

export interface PlatformPlanUsage {
  code: string;
  trialEndsAt: Date | null;
  /** read_only once a trial has ended (writes answer 403 trial_ended). */
  access: 'full' | 'read_only';
  limits: Record<PlanLimitName, { used: number; max: number | null }>;
  /** The limits an operator has overridden (the others are the plan's). */
  overridden: PlanLimitName[];
}

/** The tenant's NovaBilling plan with its usage against each limit (GET /api/tenants/me, `npm run tenant -- plan show`). */
export async function describePlatformPlan(central: CentralDb, db: TenantDatabase, tenant: { id: string; timeZone: string | null }, now = new Date()): Promise<PlatformPlanUsage> {
  const [plan, centralUsage, tenantUsage] = await Promise.all([findTenantPlanLimits(central, tenant.id), centralPlanUsage(central, tenant.id), tenantCountedUsage(db, tenant.timeZone, now)]);
  const used: Record<PlanLimitName, number> = { ...centralUsage, ...tenantUsage };
  return {
    code: plan.code,
    trialEndsAt: plan.trialEndsAt,
    access: planAccess(plan, now),
    limits: Object.fromEntries(PLAN_LIMIT_NAMES.map((name) => [name, { used: used[name], max: plan.limits[name] }])) as PlatformPlanUsage['limits'],
    overridden: plan.overridden,
  };
}
