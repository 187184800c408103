import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { inTransaction } from '@nova/common';
import { Interval, periodAt, subscriptionStartProblem, DomainError } from '@nova/domain';
import { IssuedInvoice, issueInvoices } from '../../invoicing/invoice-issuer';
import { periodLine } from '../../billing-cycle/billing-cycle';
import { TenantBillingSettings } from '../../invoicing/tenant-billing-settings';

export interface NewSubscription {
  customerId: string;
  priceId: string;
  quantity: number;
  /** Defaults to now; a past date backdates the subscription (elapsed periods are billed by the next cycle). */
  startAt?: Date;
  /** Overrides the plan's trial length. */
  trialDays?: number;
  metadata?: Record<string, unknown>;
}

const DAY_MS = 86_400_000;

/**
 * Creates a subscription and, unless it starts with a trial, issues the invoice for its first
 * period in the same transaction (billing in advance).
 */
export async function createSubscription(pool: Pool, settings: TenantBillingSettings, input: NewSubscription): Promise<{ subscriptionId: string; firstInvoice: IssuedInvoice | null }> {
  return inTransaction(pool, async (client) => {
    const { rows: customers } = await client.query<{ currency: string | null }>('SELECT currency FROM customers WHERE id = $1 FOR SHARE', [input.customerId]);
    if (!customers[0]) throw DomainError.validation('customerId', `customer ${input.customerId} does not exist`);
    const { rows: prices } = await client.query<{ currency: string; unit_amount: string; interval: Interval; interval_count: number; active: boolean; plan_active: boolean; plan_name: string; trial_days: number }>(
      `SELECT p.currency, p.unit_amount, p.interval, p.interval_count, p.active, pl.active AS plan_active, pl.name AS plan_name, pl.trial_days
         FROM prices p JOIN plans pl ON pl.id = p.plan_id WHERE p.id = $1`,
      [input.priceId],
    );
    const price = prices[0];
    if (!price) throw DomainError.validation('priceId', `price ${input.priceId} does not exist`);
    if (!price.active || !price.plan_active) throw DomainError.validation('priceId', 'the price or its plan is no longer active');
    const customerCurrency = customers[0].currency;
    if (customerCurrency && customerCurrency !== price.currency) {
      throw DomainError.validation('priceId', `the price is in ${price.currency} but the customer is billed in ${customerCurrency}`);
    }

    const now = new Date();
    const startAt = input.startAt ?? now;
    const startProblem = subscriptionStartProblem(startAt, now);
    if (startProblem) throw DomainError.validation('startAt', startProblem);
    const trialDays = input.trialDays ?? price.trial_days;
    const trialEnd = trialDays > 0 ? new Date(startAt.getTime() + trialDays * DAY_MS) : null;
    const anchor = trialEnd ?? startAt;
    const firstPeriod = trialEnd ? { start: startAt, end: trialEnd } : periodAt(anchor, price.interval, price.interval_count, 0);
    const id = randomUUID();
    await client.query(
      `INSERT INTO subscriptions (id, customer_id, price_id, status, quantity, billing_anchor, current_period_start, current_period_end, trial_end, metadata, created_at, updated_at)
       VALUES ($1, $2, $3, $4::"SubscriptionStatus", $5, $6, $7, $8, $9, $10, $11, $11)`,
      [id, input.customerId, input.priceId, trialEnd ? 'trialing' : 'active', input.quantity, anchor, firstPeriod.start, firstPeriod.end, trialEnd, input.metadata ?? {}, new Date()],
    );
    if (trialEnd) return { subscriptionId: id, firstInvoice: null };

    const [firstInvoice] = await issueInvoices(client, settings, [
      {
        customerId: input.customerId,
        subscriptionId: id,
        currency: price.currency,
        periodStart: firstPeriod.start,
        periodEnd: firstPeriod.end,
        lines: [periodLine(price.plan_name, { price_id: input.priceId, quantity: input.quantity, unit_amount: price.unit_amount }, firstPeriod.start, firstPeriod.end)],
      },
    ]);
    return { subscriptionId: id, firstInvoice: firstInvoice ?? null };
  });
}
