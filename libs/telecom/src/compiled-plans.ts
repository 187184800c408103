import { LRUCache } from 'lru-cache';
import type { Queryable } from '@nova/common';
import { compileRatingPlan, type RatingPlan } from '@nova/rating';
import { findRatePlan, loadRatingPlanData, ratePlanVersion } from './rate-plans.repository';

interface CachedPlan {
  version: number;
  plan: RatingPlan;
}

/**
 * Compiled rating plans per tenant and plan, in process. Every change to a plan bumps its version
 * in the database, so a lookup costs one indexed read of that integer, and a plan changed by any
 * process (the API) is recompiled by every other (the workers) on its next use.
 */
export class CompiledPlanCache {
  private readonly plans: LRUCache<string, CachedPlan>;
  private readonly compiling = new Map<string, Promise<CachedPlan>>();

  constructor(maxPlans: number) {
    this.plans = new LRUCache<string, CachedPlan>({ max: maxPlans });
  }

  /** The compiled plan, or null if the plan does not exist. Throws RatingPlanError if its data is invalid. */
  async get(tenantId: string, db: Queryable, planId: string): Promise<RatingPlan | null> {
    const key = `${tenantId}/${planId}`;
    const version = await ratePlanVersion(db, planId);
    if (version === undefined) return null;
    const cached = this.plans.get(key);
    if (cached?.version === version) return cached.plan;

    const compileKey = `${key}@${version}`;
    let pending = this.compiling.get(compileKey);
    if (!pending) {
      pending = this.compile(db, planId).finally(() => this.compiling.delete(compileKey));
      this.compiling.set(compileKey, pending);
    }
    const compiled = await pending;
    const current = this.plans.get(key);
    if (!current || current.version < compiled.version) this.plans.set(key, compiled);
    return compiled.plan;
  }

  invalidate(tenantId: string, planId: string): void {
    this.plans.delete(`${tenantId}/${planId}`);
  }

  private async compile(db: Queryable, planId: string): Promise<CachedPlan> {
    const stored = await findRatePlan(db, planId);
    if (!stored) throw new Error(`rate plan ${planId} disappeared while compiling`);
    return { version: stored.version, plan: compileRatingPlan(await loadRatingPlanData(db, stored)) };
  }
}
