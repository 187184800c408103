import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { DomainError, type PeriodToBill, SubscriptionState, draftAutoFinalizeAt, periodAt, periodToBillFrom, transitionSubscription } from '@nova/domain';
import { inTransaction } from '@nova/common';
import { billUsage, UsagePeriod } from '@nova/telecom';
import { applyDiscounts } from '../catalog';
import { type ClockScope, WALL_CLOCK_SCOPE } from '../customers';
import { InvoiceDraft, TenantBillingSettings, billingPeriodLines, issueInvoices } from '../invoicing';
import {
  DueSubscription,
  SubscriptionAdvance,
  addOnsAfterPeriodEnd,
  advanceSubscriptions,
  assertScheduleBillable,
  claimDueSubscriptions,
  isResumeDue,
  itemAfterPeriodEnd,
  noticeEndingTrials,
  pausedCollectionFor,
  resumeDueSubscriptions,
  stateAfterPeriodEnd,
} from '../subscriptions';

export interface BillingCycleResult {
  invoicesIssued: number;
  subscriptionsRenewed: number;
  subscriptionsEnded: number;
  /** Paused subscriptions resumed because their resume date came. */
  subscriptionsResumed: number;
  /**
   * Subscriptions whose schedule cannot be computed (a price or date outside what the period math
   * can represent) or whose move the state machine refuses: left as they are and reported, so that
   * one bad row never stops a tenant's billing.
   */
  subscriptionsSkipped: SkippedSubscription[];
}

export interface SkippedSubscription {
  subscriptionId: string;
  reason: string;
}

export interface BillingCycleOptions {
  /**
   * Whose subscriptions: those of customers on no test clock (the default: the hourly cycle on wall
   * time never bills a clock's customers), or one clock's (its advance).
   */
  readonly scope?: ClockScope;
  /** When the invoices are issued: the wall clock (default), or a test clock's frozen time. */
  readonly issuedAt?: Date;
}

/** A subscription that missed many cycles (worker down for weeks) catches up this many periods per batch. */
const MAX_CATCH_UP_PERIODS = 24;

/**
 * Bills every subscription of one tenant whose current period ended by `asOf`: ends those set to
 * cancel at period end (with a final invoice for the ended period's usage, if any), and for the
 * others issues one invoice per elapsed period and advances the period. Every status change is
 * the subscription state machine's (trial_ended, period_ended). Works in batches, each one
 * transaction; rows are claimed with FOR UPDATE SKIP LOCKED so concurrent runs share the work
 * instead of doubling it, and the unique (subscription, period start) constraint is the last
 * line of defence.
 */
export async function runBillingCycle(pool: Pool, settings: TenantBillingSettings, asOf: Date, batchSize = 500, options: BillingCycleOptions = {}): Promise<BillingCycleResult> {
  const scope = options.scope ?? WALL_CLOCK_SCOPE;
  const result: BillingCycleResult = { invoicesIssued: 0, subscriptionsRenewed: 0, subscriptionsEnded: 0, subscriptionsResumed: 0, subscriptionsSkipped: [] };
  for (;;) {
    // Skipped subscriptions stay due; later batches of this run leave them out so that they are not claimed again.
    const skippedIds = result.subscriptionsSkipped.map((skipped) => skipped.subscriptionId);
    const batch = await inTransaction(pool, (client) => billBatch(client, settings, asOf, batchSize, skippedIds, scope, options.issuedAt));
    result.invoicesIssued += batch.invoicesIssued;
    result.subscriptionsRenewed += batch.subscriptionsRenewed;
    result.subscriptionsEnded += batch.subscriptionsEnded;
    result.subscriptionsResumed += batch.subscriptionsResumed;
    result.subscriptionsSkipped.push(...batch.skipped);
    if (batch.claimed < batchSize) break;
  }
  // Those whose resume date came in the middle of a period: billed periods were handled above, the rest only resume.
  for (;;) {
    const resumed = await inTransaction(pool, (client) => resumeDueSubscriptions(client, asOf, batchSize, scope));
    result.subscriptionsResumed += resumed;
    if (resumed < batchSize) break;
  }
  // Trials ending within three days: their subscription.trial_will_end event (once each).
  await inTransaction(pool, (client) => noticeEndingTrials(client, asOf, scope));
  return result;
}

/**
 * The period starting where the current one ended (a prorated stub up to the anchor when a trial ended before it),
 * then as many more as have fully begun by asOf.
 */
function periodsToBill(sub: DueSubscription, asOf: Date): PeriodToBill[] {
  const periods: PeriodToBill[] = [];
  // In the subscription's zone and on its anchor day: local midnights stay local midnights, the 31st comes back after February.
  const zone = { timeZone: sub.timeZone, anchorDay: sub.billingAnchorDay };
  let period = periodToBillFrom(sub.billingAnchor, sub.interval, sub.intervalCount, sub.currentPeriodEnd, zone);
  for (;;) {
    periods.push(period);
    if (period.end > asOf || periods.length >= MAX_CATCH_UP_PERIODS) return periods;
    period = { ...periodAt(sub.billingAnchor, sub.interval, sub.intervalCount, period.index + 1, zone), fullPeriod: null };
  }
}

/**
 * What happens to one claimed subscription, decided before anything is written; a DomainError (schedule or machine)
 * skips it. A paused one whose resume date has come resumes (after its periods are planned: those that began before
 * the date stay paused).
 */
function planSubscription(sub: DueSubscription, asOf: Date): { next: SubscriptionState; periods: PeriodToBill[]; resumed: boolean } {
  const afterPeriod = stateAfterPeriodEnd(sub);
  if (afterPeriod.status === 'canceled') return { next: afterPeriod, periods: [], resumed: false };
  assertScheduleBillable(sub);
  const resumed = isResumeDue(sub, asOf);
  return { next: resumed ? transitionSubscription(afterPeriod, { type: 'resume' }) : afterPeriod, periods: periodsToBill(sub, asOf), resumed };
}

async function billBatch(client: PoolClient, settings: TenantBillingSettings, asOf: Date, batchSize: number, skippedIds: string[], scope: ClockScope, issuedAtOverride?: Date) {
  const rows = await claimDueSubscriptions(client, asOf, batchSize, skippedIds, scope);

  const drafts: InvoiceDraft[] = [];
  const advances: SubscriptionAdvance[] = [];
  const usagePeriods: UsagePeriod[] = [];
  const finalUsageInvoices: InvoiceDraft[] = [];
  const skipped: SkippedSubscription[] = [];
  let subscriptionsEnded = 0;
  let subscriptionsResumed = 0;
  for (const sub of rows) {
    let plan: ReturnType<typeof planSubscription>;
    try {
      plan = planSubscription(sub, asOf);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      skipped.push({ subscriptionId: sub.id, reason: error.message });
      continue;
    }
    if (plan.next.status === 'canceled') {
      advances.push({ id: sub.id, state: plan.next, periodStart: sub.currentPeriodEnd, periodEnd: sub.currentPeriodEnd, item: sub, resumed: false, addOns: null });
      subscriptionsEnded += 1;
      // The last period was paid in advance, but its usage is billed in arrears: a final invoice with
      // the usage lines only, issued if there was any usage.
      const finalInvoiceId = randomUUID();
      usagePeriods.push({ subscriptionId: sub.id, invoiceId: finalInvoiceId, currency: sub.currency, periodEnd: sub.currentPeriodEnd });
      finalUsageInvoices.push({ id: finalInvoiceId, customerId: sub.customerId, subscriptionId: sub.id, currency: sub.currency, lines: [] });
      continue;
    }
    // Billed in advance, used in arrears: the ended period's usage goes on the next period's invoice.
    const firstInvoiceId = randomUUID();
    usagePeriods.push({ subscriptionId: sub.id, invoiceId: firstInvoiceId, currency: sub.currency, periodEnd: sub.currentPeriodEnd });
    // A change scheduled for the period end (base item, add-ons) applies before the new periods are billed.
    const item = itemAfterPeriodEnd(sub);
    const addOns = addOnsAfterPeriodEnd(sub);
    plan.periods.forEach((period, caughtUp) =>
      drafts.push({
        id: caughtUp === 0 ? firstInvoiceId : undefined,
        customerId: sub.customerId,
        subscriptionId: sub.id,
        currency: sub.currency,
        periodStart: period.start,
        periodEnd: period.end,
        lines: billingPeriodLines([item, ...addOns], period, sub.timeZone),
        pausedCollection: pausedCollectionFor(sub, period.start),
      }),
    );
    const last = plan.periods[plan.periods.length - 1]!;
    advances.push({ id: sub.id, state: plan.next, periodStart: last.start, periodEnd: last.end, item, resumed: plan.resumed, addOns: sub.scheduledAddOns });
    if (plan.resumed) subscriptionsResumed += 1;
  }

  const usageLines = await billUsage(client, usagePeriods);
  for (const draft of drafts) if (draft.id) draft.lines.push(...(usageLines.get(draft.id) ?? []));
  for (const draft of finalUsageInvoices) {
    const lines = usageLines.get(draft.id!);
    if (lines) drafts.push({ ...draft, lines });
  }
  await applyDiscounts(client, drafts, asOf);
  // With a draft delay (the tenant's draftFinalizeDelayMinutes), renewals wait as drafts, editable, until the worker
  // finalizes them (finalizeDueDrafts); a paused subscription's invoices keep their pause behaviour. A test clock's
  // renewals are issued at the clock's time (issuedAtOverride) and wait from then.
  const issuedAt = issuedAtOverride ?? new Date();
  const autoFinalizeAt = draftAutoFinalizeAt(issuedAt, settings.draftFinalizeDelayMinutes);
  if (autoFinalizeAt) for (const draft of drafts) if (!draft.pausedCollection) draft.asDraft = { autoFinalizeAt };
  const issued = await issueInvoices(client, settings, drafts, issuedAt);
  await advanceSubscriptions(client, advances);
  return { claimed: rows.length, invoicesIssued: issued.length, subscriptionsRenewed: advances.length - subscriptionsEnded, subscriptionsEnded, subscriptionsResumed, skipped };
}
