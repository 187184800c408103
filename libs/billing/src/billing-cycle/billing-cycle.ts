import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { BillingPeriod, DomainValidationError, Interval, periodAt, periodContaining } from '@nova/domain';
import { InvoiceDraft, issueInvoices } from '../invoicing/invoice-issuer';
import { inTransaction } from '@nova/common';
import { billUsage, UsagePeriod } from '@nova/telecom';
import { TenantBillingSettings } from '../invoicing/tenant-billing-settings';

export interface BillingCycleResult {
  invoicesIssued: number;
  subscriptionsRenewed: number;
  subscriptionsEnded: number;
  /**
   * Subscriptions whose schedule cannot be computed (a price or date outside what the period math
   * can represent): left as they are and reported, so that one bad row never stops a tenant's billing.
   */
  subscriptionsSkipped: SkippedSubscription[];
}

export interface SkippedSubscription {
  subscriptionId: string;
  reason: string;
}

interface DueSubscription {
  id: string;
  customer_id: string;
  price_id: string;
  status: 'trialing' | 'active' | 'past_due';
  quantity: number;
  billing_anchor: Date;
  current_period_end: Date;
  cancel_at_period_end: boolean;
  currency: string;
  unit_amount: string;
  interval: Interval;
  interval_count: number;
  plan_name: string;
}

interface SubscriptionUpdate {
  id: string;
  status: string;
  periodStart: Date;
  periodEnd: Date;
  endedAt: Date | null;
}

/** A subscription that missed many cycles (worker down for weeks) catches up this many periods per batch. */
const MAX_CATCH_UP_PERIODS = 24;

const formatDay = (date: Date) => date.toISOString().slice(0, 10);

/** Invoice line for one period of a subscription's price. */
export function periodLine(planName: string, sub: { price_id: string; quantity: number; unit_amount: string }, start: Date, end: Date) {
  return { description: `${planName} (${formatDay(start)} – ${formatDay(end)})`, quantity: sub.quantity, unitAmount: BigInt(sub.unit_amount), priceId: sub.price_id, periodStart: start, periodEnd: end };
}

/**
 * Bills every subscription of one tenant whose current period ended by `asOf`: ends those set to
 * cancel at period end (with a final invoice for the ended period's usage, if any), and for the others issues one invoice per elapsed period and advances
 * the period. Works in batches, each one transaction; rows are claimed with FOR UPDATE SKIP
 * LOCKED so concurrent runs share the work instead of doubling it, and the unique
 * (subscription, period start) constraint is the last line of defence.
 */
export async function runBillingCycle(pool: Pool, settings: TenantBillingSettings, asOf: Date, batchSize = 500): Promise<BillingCycleResult> {
  const result: BillingCycleResult = { invoicesIssued: 0, subscriptionsRenewed: 0, subscriptionsEnded: 0, subscriptionsSkipped: [] };
  for (;;) {
    // Skipped subscriptions stay due; later batches of this run leave them out so that they are not claimed again.
    const skippedIds = result.subscriptionsSkipped.map((skipped) => skipped.subscriptionId);
    const batch = await inTransaction(pool, (client) => billBatch(client, settings, asOf, batchSize, skippedIds));
    result.invoicesIssued += batch.invoicesIssued;
    result.subscriptionsRenewed += batch.subscriptionsRenewed;
    result.subscriptionsEnded += batch.subscriptionsEnded;
    result.subscriptionsSkipped.push(...batch.skipped);
    if (batch.claimed < batchSize) return result;
  }
}

async function billBatch(client: PoolClient, settings: TenantBillingSettings, asOf: Date, batchSize: number, skippedIds: string[]) {
  const { rows } = await client.query<DueSubscription>(
    `SELECT s.id, s.customer_id, s.price_id, s.status, s.quantity, s.billing_anchor, s.current_period_end, s.cancel_at_period_end,
            p.currency, p.unit_amount, p.interval, p.interval_count, pl.name AS plan_name
       FROM subscriptions s
       JOIN prices p ON p.id = s.price_id
       JOIN plans pl ON pl.id = p.plan_id
      WHERE s.status IN ('trialing', 'active', 'past_due') AND s.current_period_end <= $1 AND NOT (s.id = ANY($3::uuid[]))
      ORDER BY s.current_period_end
      LIMIT $2
        FOR UPDATE OF s SKIP LOCKED`,
    [asOf, batchSize, skippedIds],
  );

  const drafts: InvoiceDraft[] = [];
  const updates: SubscriptionUpdate[] = [];
  const usagePeriods: UsagePeriod[] = [];
  const finalUsageInvoices: InvoiceDraft[] = [];
  const skipped: SkippedSubscription[] = [];
  let subscriptionsEnded = 0;
  for (const sub of rows) {
    if (sub.cancel_at_period_end) {
      updates.push({ id: sub.id, status: 'canceled', periodStart: sub.current_period_end, periodEnd: sub.current_period_end, endedAt: sub.current_period_end });
      subscriptionsEnded += 1;
      // The last period was paid in advance, but its usage is billed in arrears: a final invoice with
      // the usage lines only, issued if there was any usage.
      const finalInvoiceId = randomUUID();
      usagePeriods.push({ subscriptionId: sub.id, invoiceId: finalInvoiceId, currency: sub.currency, periodEnd: sub.current_period_end });
      finalUsageInvoices.push({ id: finalInvoiceId, customerId: sub.customer_id, subscriptionId: sub.id, currency: sub.currency, lines: [] });
      continue;
    }
    // The period starting where the current one ended, then as many more as have fully begun by asOf.
    const periods: BillingPeriod[] = [];
    try {
      let period = periodContaining(sub.billing_anchor, sub.interval, sub.interval_count, sub.current_period_end);
      for (;;) {
        periods.push(period);
        if (period.end > asOf || periods.length >= MAX_CATCH_UP_PERIODS) break;
        period = periodAt(sub.billing_anchor, sub.interval, sub.interval_count, period.index + 1);
      }
    } catch (error) {
      if (!(error instanceof DomainValidationError)) throw error;
      skipped.push({ subscriptionId: sub.id, reason: error.message });
      continue;
    }
    // Billed in advance, used in arrears: the ended period's usage goes on the next period's invoice.
    const firstInvoiceId = randomUUID();
    usagePeriods.push({ subscriptionId: sub.id, invoiceId: firstInvoiceId, currency: sub.currency, periodEnd: sub.current_period_end });
    periods.forEach((period, caughtUp) =>
      drafts.push({
        id: caughtUp === 0 ? firstInvoiceId : undefined,
        customerId: sub.customer_id,
        subscriptionId: sub.id,
        currency: sub.currency,
        periodStart: period.start,
        periodEnd: period.end,
        lines: [periodLine(sub.plan_name, sub, period.start, period.end)],
      }),
    );
    const period = periods[periods.length - 1];
    const status = sub.status === 'trialing' ? 'active' : sub.status;
    updates.push({ id: sub.id, status, periodStart: period.start, periodEnd: period.end, endedAt: null });
  }

  const usageLines = await billUsage(client, usagePeriods);
  for (const draft of drafts) if (draft.id) draft.lines.push(...(usageLines.get(draft.id) ?? []));
  for (const draft of finalUsageInvoices) {
    const lines = usageLines.get(draft.id!);
    if (lines) drafts.push({ ...draft, lines });
  }
  const issued = await issueInvoices(client, settings, drafts);
  if (updates.length > 0) {
    await client.query(
      `UPDATE subscriptions s
          SET status = u.status::"SubscriptionStatus", current_period_start = u.period_start, current_period_end = u.period_end,
              ended_at = u.ended_at, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[]) AS u(id, status, period_start, period_end, ended_at)
        WHERE s.id = u.id`,
      [updates.map((u) => u.id), updates.map((u) => u.status), updates.map((u) => u.periodStart), updates.map((u) => u.periodEnd), updates.map((u) => u.endedAt)],
    );
  }
  return { claimed: rows.length, invoicesIssued: issued.length, subscriptionsRenewed: updates.length - subscriptionsEnded, subscriptionsEnded, skipped };
}
