// NovaBilling's own plans for its tenants (seed 002: a 14-day trial, a limited free tier, paid
// plans), defined once: registration, the operator script, the enforcement points and
// GET /api/tenants/me all read these. A tenant's row in the central database names its plan and
// may override single limits (tenant_limit_overrides); everything else comes from here.
import { isReadMethod, type Permission } from '../accounts/permissions';
import { DomainError, ErrorCode } from '../errors';
import { localMonthKey } from '../billing/time-zone';

/** What a plan limits. `invoicesPerMonth` counts invoices issued in a calendar month of the tenant's time zone. */
export const PLAN_LIMIT_NAMES = ['customers', 'invoicesPerMonth', 'apiKeys', 'teamSeats'] as const;
export type PlanLimitName = (typeof PLAN_LIMIT_NAMES)[number];

/** A maximum per limit; null is unlimited. */
export type PlanLimits = Readonly<Record<PlanLimitName, number | null>>;

export const PLATFORM_PLAN_CODES = ['trial', 'free', 'starter', 'growth', 'scale'] as const;
export type PlatformPlanCode = (typeof PLATFORM_PLAN_CODES)[number];

export interface PlatformPlan {
  code: PlatformPlanCode;
  name: string;
  /** Only the trial ends; after it the tenant is read-only until an operator sets another plan. */
  expires: boolean;
  limits: PlanLimits;
}

/** The seed's free tier: 50 customers, 10 invoices a month, one user (and two API keys: one live, one test). */
const FREE_TIER: PlanLimits = { customers: 50, invoicesPerMonth: 10, apiKeys: 2, teamSeats: 1 };

export const PLATFORM_PLANS: Readonly<Record<PlatformPlanCode, PlatformPlan>> = {
  trial: { code: 'trial', name: 'Trial', expires: true, limits: FREE_TIER },
  free: { code: 'free', name: 'Free', expires: false, limits: FREE_TIER },
  starter: { code: 'starter', name: 'Starter', expires: false, limits: { customers: 500, invoicesPerMonth: 1_000, apiKeys: 5, teamSeats: 3 } },
  growth: { code: 'growth', name: 'Growth', expires: false, limits: { customers: 5_000, invoicesPerMonth: 10_000, apiKeys: 20, teamSeats: 10 } },
  scale: { code: 'scale', name: 'Scale', expires: false, limits: { customers: null, invoicesPerMonth: null, apiKeys: 50, teamSeats: null } },
};

/** The trial's length (seed 002). */
export const TRIAL_DAYS = 14;
const DAY_MS = 86_400_000;

/** The largest maximum an operator may set (an int4 column; "unlimited" is the way past it). */
export const MAX_PLAN_LIMIT = 1_000_000_000;

export function isPlatformPlanCode(code: unknown): code is PlatformPlanCode {
  return typeof code === 'string' && (PLATFORM_PLAN_CODES as readonly string[]).includes(code);
}

export function isPlanLimitName(name: unknown): name is PlanLimitName {
  return typeof name === 'string' && (PLAN_LIMIT_NAMES as readonly string[]).includes(name);
}

/** The plan a stored code names; an unknown code (a plan retired from this list) is a bug, not a free pass. */
export function platformPlan(code: string): PlatformPlan {
  if (!isPlatformPlanCode(code)) throw new Error(`Unknown platform plan "${code}"`);
  return PLATFORM_PLANS[code];
}

export function platformPlanProblem(code: unknown): string | null {
  return isPlatformPlanCode(code) ? null : `must be one of ${PLATFORM_PLAN_CODES.join(', ')}`;
}

export function planLimitProblem(max: unknown): string | null {
  if (max === null) return null;
  return Number.isInteger(max) && (max as number) >= 0 && (max as number) <= MAX_PLAN_LIMIT ? null : `must be a whole number from 0 to ${MAX_PLAN_LIMIT}, or unlimited`;
}

/** When a trial started now ends. */
export function trialEndsAt(start: Date): Date {
  return new Date(start.getTime() + TRIAL_DAYS * DAY_MS);
}

/** The plan's limits with the tenant's overrides laid over them (an override of null is unlimited). */
export function effectiveLimits(code: string, overrides: Partial<Record<PlanLimitName, number | null>> = {}): PlanLimits {
  const limits = { ...platformPlan(code).limits };
  for (const name of PLAN_LIMIT_NAMES) if (overrides[name] !== undefined) limits[name] = overrides[name]!;
  return limits;
}

/** Whether one more can be added: `used` is what exists now (0 when nothing does yet). */
export function limitAllows(used: number, max: number | null): boolean {
  return max === null || used < max;
}

/** What each limit counts, for messages. */
const LIMIT_NOUNS: Record<PlanLimitName, string> = {
  customers: 'customers',
  invoicesPerMonth: 'invoices this month',
  apiKeys: 'active API keys',
  teamSeats: 'team members',
};

/** 402 `plan_limit_reached`: names the limit, the usage and the maximum (`details.limit`). */
export function planLimitReached(limit: PlanLimitName, used: number, max: number): DomainError {
  return new DomainError(ErrorCode.PlanLimitReached, `Your NovaBilling plan allows ${max} ${LIMIT_NOUNS[limit]} (limit ${limit}, ${used} used); ask us to raise it or change your plan`, {
    limit: { name: limit, used, max },
  });
}

/** Throws plan_limit_reached unless one more fits. */
export function assertWithinLimit(limit: PlanLimitName, used: number, max: number | null): void {
  if (!limitAllows(used, max)) throw planLimitReached(limit, used, max!);
}

/**
 * What a tenant may do on its plan now: everything, or (a trial that has ended) only read. A
 * read-only tenant keeps its data, its own account and its sign-in; writes answer 403
 * `trial_ended` until an operator sets another plan. The billing of its existing subscriptions
 * and the settlement of payments go on (its customers' money is not held hostage); an operator
 * who wants everything to stop suspends the tenant.
 */
export type PlanAccess = 'full' | 'read_only';

export function planAccess(plan: { code: string; trialEndsAt: Date | null }, now: Date): PlanAccess {
  if (!platformPlan(plan.code).expires) return 'full';
  return plan.trialEndsAt !== null && now.getTime() >= plan.trialEndsAt.getTime() ? 'read_only' : 'full';
}

/** Whether a request may run under the plan's access: read-only lets reads and one's own account (password, sessions) through. */
export function planAccessAllows(access: PlanAccess, method: string, permission: Permission): boolean {
  return access === 'full' || isReadMethod(method) || permission === 'own_account';
}

/** 403 `trial_ended`. */
export function trialEnded(trialEndsAt: Date | null): DomainError {
  return new DomainError(ErrorCode.TrialEnded, `Your NovaBilling trial ended${trialEndsAt ? ` on ${trialEndsAt.toISOString()}` : ''}: the account is read-only until a plan is chosen`, {
    trialEndsAt: trialEndsAt?.toISOString() ?? null,
  });
}

/**
 * The calendar month an invoice issued at `at` counts in, in the tenant's time zone, e.g. "2026-12": a Nairobi tenant's
 * invoice issued at 01:00 on 1 January (22:00 UTC on 31 December) counts in January, as its own books do. The key is the
 * month's name only, so a tenant that changes its zone mid-month keeps counting into the same month.
 */
export function usageMonth(at: Date, timeZone: string): string {
  return localMonthKey(at, timeZone);
}
