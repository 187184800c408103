// The tenant's NovaBilling plan (libs/domain/src/platform/plans.ts): what it allows, an operator
// changing it, and the two limits counted in the central database (API keys, team seats). The
// limits counted in the tenant's database (customers, invoices a month) are checked by the billing
// contexts with the maxima read here (@nova/billing platform-usage).
import { DomainError, PLAN_LIMIT_NAMES, type PlanLimitName, type PlanLimits, type PlatformPlanCode, assertWithinLimit, effectiveLimits, planLimitProblem, platformPlan, platformPlanProblem, trialEndsAt as trialEndFrom } from '@nova/domain';
import type { CentralDb, Tenant } from '@nova/central-db';
import type { Queryable } from '@nova/common';
import { countTeamMembers } from '../admin-users.repository';
import { countActiveApiKeys } from '../api-keys.repository';
import type { TenantDirectory, TenantRecord } from '../tenant-directory';
import { deleteLimitOverride, findTenantPlan, updateTenantPlan, upsertLimitOverride } from '../tenants.repository';
import { getTenantBySlug } from './find-tenant';

export interface TenantPlanLimits {
  code: string;
  trialEndsAt: Date | null;
  /** The plan's maxima with the tenant's overrides (null: unlimited). */
  limits: PlanLimits;
  /** The limits an operator has overridden. */
  overridden: PlanLimitName[];
}

/** The tenant's plan and its effective limits; an unknown tenant is a 404. */
export async function findTenantPlanLimits(central: CentralDb | { pool: Queryable }, tenantId: string, options: { lock?: boolean } = {}): Promise<TenantPlanLimits> {
  const stored = await findTenantPlan(central.pool, tenantId, options);
  if (!stored) throw DomainError.notFound('Tenant', tenantId);
  return { code: stored.plan, trialEndsAt: stored.trialEndsAt, limits: effectiveLimits(stored.plan, stored.overrides), overridden: PLAN_LIMIT_NAMES.filter((name) => stored.overrides[name] !== undefined) };
}

/** What a new tenant starts on: the signup plan, and for the trial its end. */
export function signupPlan(code: PlatformPlanCode, now = new Date()): { plan: PlatformPlanCode; trialEndsAt: Date | null } {
  return { plan: code, trialEndsAt: platformPlan(code).expires ? trialEndFrom(now) : null };
}

export interface SetTenantPlanCommand {
  slug: string;
  plan: string;
  /** Only for the trial (extend or shorten it); default: TRIAL_DAYS from now. */
  trialEndsAt?: Date;
}

/** An operator puts the tenant on a plan; every process hears of it at once (the guard's read-only rule reads the directory). */
export async function setTenantPlan(central: CentralDb, directory: TenantDirectory, command: SetTenantPlanCommand): Promise<Tenant> {
  const problem = platformPlanProblem(command.plan);
  if (problem) throw DomainError.validation('plan', problem);
  const plan = platformPlan(command.plan);
  if (command.trialEndsAt && !plan.expires) throw DomainError.validation('trialEndsAt', `only the trial ends; ${plan.code} does not`);
  if (command.trialEndsAt && Number.isNaN(command.trialEndsAt.getTime())) throw DomainError.validation('trialEndsAt', 'must be a date');
  const tenant = await getTenantBySlug(central, command.slug);
  const trialEndsAt = plan.expires ? (command.trialEndsAt ?? trialEndFrom(new Date())) : null;
  const changed = (await updateTenantPlan(central.pool, tenant.id, plan.code, trialEndsAt)) ?? tenant;
  await directory.announceChange(tenant.id);
  return changed;
}

export interface SetTenantLimitCommand {
  slug: string;
  limit: string;
  /** A maximum, null for unlimited, or 'plan' to drop the override (the plan's own maximum again). */
  max: number | null | 'plan';
}

/**
 * The tenant's effective limits from its directory record (cached, like its plan and status), for
 * a create on the hot path: no registry query per request. An operator's change reaches every
 * process through the directory's invalidation (setTenantPlan, setTenantLimit).
 */
export function planLimitsOf(tenant: Pick<TenantRecord, 'plan' | 'limitOverrides'>): PlanLimits {
  return effectiveLimits(tenant.plan, tenant.limitOverrides);
}

/** An operator overrides one limit of the tenant's plan. Lowering it below what is used refuses only new ones. Every process hears of it at once (planLimitsOf reads the directory). */
export async function setTenantLimit(central: CentralDb, directory: TenantDirectory, command: SetTenantLimitCommand): Promise<TenantPlanLimits> {
  const { limit } = command;
  if (!(PLAN_LIMIT_NAMES as readonly string[]).includes(limit)) throw DomainError.validation('limit', `must be one of ${PLAN_LIMIT_NAMES.join(', ')}`);
  const name = limit as PlanLimitName;
  if (command.max !== 'plan') {
    const problem = planLimitProblem(command.max);
    if (problem) throw DomainError.validation('max', problem);
  }
  const tenant = await getTenantBySlug(central, command.slug);
  if (command.max === 'plan') await deleteLimitOverride(central.pool, tenant.id, name);
  else await upsertLimitOverride(central.pool, tenant.id, name, command.max);
  await directory.announceChange(tenant.id);
  return findTenantPlanLimits(central, tenant.id);
}

/**
 * Throws plan_limit_reached (`teamSeats`) unless the tenant has a free seat. Must run inside the
 * transaction that then adds the user (an accepted invitation …): it locks the tenant's row, so
 * of two additions at the limit exactly one gets through.
 */
export async function assertSeatAvailable(client: Queryable, tenantId: string): Promise<void> {
  const { limits } = await findTenantPlanLimits({ pool: client }, tenantId, { lock: true });
  assertWithinLimit('teamSeats', await countTeamMembers(client, tenantId), limits.teamSeats);
}

/** The same for API keys (`apiKeys`): active keys count, revoked ones do not. Inside the transaction that inserts the key. */
export async function assertApiKeyAvailable(client: Queryable, tenantId: string): Promise<void> {
  const { limits } = await findTenantPlanLimits({ pool: client }, tenantId, { lock: true });
  assertWithinLimit('apiKeys', await countActiveApiKeys(client, tenantId), limits.apiKeys);
}

/** Usage of the limits counted in the central database, for GET /tenants/me and the operator script. */
export async function centralPlanUsage(central: CentralDb, tenantId: string): Promise<Pick<Record<PlanLimitName, number>, 'apiKeys' | 'teamSeats'>> {
  const [apiKeys, teamSeats] = await Promise.all([countActiveApiKeys(central.pool, tenantId), countTeamMembers(central.pool, tenantId)]);
  return { apiKeys, teamSeats };
}
