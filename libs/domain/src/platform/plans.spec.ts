import { ErrorCode } from '../errors';
import {
  PLATFORM_PLANS,
  assertWithinLimit,
  effectiveLimits,
  limitAllows,
  planAccess,
  planAccessAllows,
  planLimitProblem,
  planLimitReached,
  platformPlan,
  platformPlanProblem,
  trialEnded,
  trialEndsAt,
  usageMonth,
} from './plans';

describe('platform plans', () => {
  it('starts tenants on a trial with the free tier of seed 002: 50 customers, 10 invoices a month, one user', () => {
    expect(PLATFORM_PLANS.trial).toMatchObject({ expires: true, limits: { customers: 50, invoicesPerMonth: 10, apiKeys: 2, teamSeats: 1 } });
    expect(PLATFORM_PLANS.free.limits).toEqual(PLATFORM_PLANS.trial.limits);
    expect(PLATFORM_PLANS.free.expires).toBe(false);
  });

  it('gives each paid plan at least what the one below it gives (null is unlimited)', () => {
    const order = ['free', 'starter', 'growth', 'scale'] as const;
    const atLeast = (lower: number | null, higher: number | null) => higher === null || (lower !== null && lower <= higher);
    for (let i = 1; i < order.length; i++) {
      const lower = PLATFORM_PLANS[order[i - 1]!].limits;
      const higher = PLATFORM_PLANS[order[i]!].limits;
      for (const name of Object.keys(lower) as (keyof typeof lower)[]) expect({ name, plan: order[i], ok: atLeast(lower[name], higher[name]) }).toEqual({ name, plan: order[i], ok: true });
    }
  });

  it('ends a trial 14 days after it starts', () => {
    expect(trialEndsAt(new Date('2026-12-02T15:00:00Z')).toISOString()).toBe('2026-12-16T15:00:00.000Z');
  });

  it('lays overrides over the plan: a number, or null for unlimited; absent keeps the plan', () => {
    expect(effectiveLimits('trial', { customers: 500, teamSeats: null })).toEqual({ customers: 500, invoicesPerMonth: 10, apiKeys: 2, teamSeats: null });
    expect(effectiveLimits('growth')).toEqual(PLATFORM_PLANS.growth.limits);
  });

  it('refuses to guess for an unknown stored plan code', () => {
    expect(() => platformPlan('enterprise')).toThrow('Unknown platform plan "enterprise"');
    expect(platformPlanProblem('enterprise')).toBe('must be one of trial, free, starter, growth, scale');
    expect(platformPlanProblem('starter')).toBeNull();
  });

  it('accepts limits from 0 to a billion, or unlimited', () => {
    expect(planLimitProblem(0)).toBeNull();
    expect(planLimitProblem(null)).toBeNull();
    expect(planLimitProblem(1_000_000_000)).toBeNull();
    for (const bad of [-1, 1.5, 1_000_000_001, '5']) expect(planLimitProblem(bad)).toMatch(/whole number from 0/);
  });

  it('allows one more while what is used is below the maximum', () => {
    expect(limitAllows(49, 50)).toBe(true);
    expect(limitAllows(50, 50)).toBe(false);
    expect(limitAllows(51, 50)).toBe(false); // a limit lowered below what exists refuses new ones
    expect(limitAllows(0, 0)).toBe(false);
    expect(limitAllows(1_000_000, null)).toBe(true);
  });

  it('names the limit, the usage and the maximum in a 402 plan_limit_reached', () => {
    const error = planLimitReached('customers', 50, 50);
    expect(error).toMatchObject({ code: ErrorCode.PlanLimitReached, details: { limit: { name: 'customers', used: 50, max: 50 } } });
    expect(error.message).toBe('Your NovaBilling plan allows 50 customers (limit customers, 50 used); ask us to raise it or change your plan');
    expect(() => assertWithinLimit('invoicesPerMonth', 10, 10)).toThrow('allows 10 invoices this month');
    expect(() => assertWithinLimit('teamSeats', 3, null)).not.toThrow();
  });

  describe('access', () => {
    const ends = new Date('2026-12-16T15:00:00Z');
    it('is full during the trial and read-only from the moment it ends', () => {
      expect(planAccess({ code: 'trial', trialEndsAt: ends }, new Date('2026-12-16T14:59:59.999Z'))).toBe('full');
      expect(planAccess({ code: 'trial', trialEndsAt: ends }, ends)).toBe('read_only');
    });
    it('never ends on a plan that does not expire, whatever the stored date', () => {
      expect(planAccess({ code: 'starter', trialEndsAt: ends }, new Date('2030-01-01T00:00:00Z'))).toBe('full');
      expect(planAccess({ code: 'trial', trialEndsAt: null }, new Date('2030-01-01T00:00:00Z'))).toBe('full');
    });
    it('lets a read-only tenant read and manage its own account, nothing else', () => {
      expect(planAccessAllows('read_only', 'GET', 'tenant_admin')).toBe(true);
      expect(planAccessAllows('read_only', 'HEAD', 'read')).toBe(true);
      expect(planAccessAllows('read_only', 'POST', 'own_account')).toBe(true);
      expect(planAccessAllows('read_only', 'POST', 'write')).toBe(false);
      expect(planAccessAllows('read_only', 'DELETE', 'tenant_admin')).toBe(false);
      expect(planAccessAllows('full', 'POST', 'money_out')).toBe(true);
    });
    it('says when the trial ended in the 403', () => {
      expect(trialEnded(ends)).toMatchObject({ code: ErrorCode.TrialEnded, details: { trialEndsAt: '2026-12-16T15:00:00.000Z' } });
    });
  });

  it('counts invoices in the calendar month of the tenant\'s time zone', () => {
    expect(usageMonth(new Date('2026-12-31T23:59:59.999Z'), 'UTC')).toBe('2026-12');
    expect(usageMonth(new Date('2027-01-01T00:00:00Z'), 'UTC')).toBe('2027-01');
    // 02:00 in Nairobi on 1 January is still December in UTC, and January for a Nairobi tenant.
    expect(usageMonth(new Date('2027-01-01T02:00:00+03:00'), 'UTC')).toBe('2026-12');
    expect(usageMonth(new Date('2027-01-01T02:00:00+03:00'), 'Africa/Nairobi')).toBe('2027-01');
    // 18:29 UTC on 31 March is 23:59 in Kolkata (March), 18:30 UTC is 1 April 00:00 there.
    expect(usageMonth(new Date('2026-03-31T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-03');
    expect(usageMonth(new Date('2026-03-31T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-04');
    // West of UTC the other way: 1 August 03:00 UTC is still 31 July in Los Angeles.
    expect(usageMonth(new Date('2026-08-01T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-07');
  });
});
