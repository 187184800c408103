import { DEFAULT_TIME_ZONE, type PeriodToBill, type PriceScheme, type ProrationItem, formatLocalDate, priceAmount, priceChargeLines, prorateStub } from '@nova/domain';
import type { InvoiceLineDraft } from './invoice-draft';

/** The invoice line for one period of a subscription's price (first invoice and renewals alike); dates are local to `timeZone`. */
export function periodLine(planName: string, item: { priceId: string; quantity: number; unitAmount: bigint }, start: Date, end: Date, timeZone = DEFAULT_TIME_ZONE): InvoiceLineDraft {
  return {
    description: `${planName} (${formatLocalDate(start, timeZone)} – ${formatLocalDate(end, timeZone)})`,
    quantity: item.quantity,
    unitAmount: item.unitAmount,
    priceId: item.priceId,
    periodStart: start,
    periodEnd: end,
  };
}

/**
 * The line of an anchored subscription's first, partial period: one unit of the prorated amount (exact, where a
 * per-seat amount would be rounded again), "Basic × 2 (2026-03-11 – 2026-04-01, prorated)".
 */
export function stubPeriodLine(planName: string, item: { priceId: string; quantity: number }, amount: bigint, stub: { start: Date; end: Date }, timeZone = DEFAULT_TIME_ZONE): InvoiceLineDraft {
  const seats = item.quantity === 1 ? '' : ` × ${item.quantity}`;
  return {
    description: `${planName}${seats} (${formatLocalDate(stub.start, timeZone)} – ${formatLocalDate(stub.end, timeZone)}, prorated)`,
    quantity: 1,
    unitAmount: amount,
    priceId: item.priceId,
    periodStart: stub.start,
    periodEnd: stub.end,
  };
}

/** A quantity of a price, as a subscription item bills it for a period. */
export interface PeriodItem extends PriceScheme {
  readonly priceId: string;
  readonly quantity: number;
  readonly planName: string;
}

/**
 * The invoice lines of one period of a subscription item: one line for a per-unit price (periodLine), and for a tiered
 * one the tier breakdown Stripe shows (graduated: a line per tier reached, "Seats – tier 2: units 6–10 (…)"; volume:
 * the whole quantity at its tier; each flat amount a line of its own). Their amounts add up to priceAmount.
 */
export function periodItemLines(item: PeriodItem, start: Date, end: Date, timeZone = DEFAULT_TIME_ZONE): InvoiceLineDraft[] {
  return priceChargeLines(item, item.quantity).map((charge) => ({
    description: `${item.planName}${charge.label ? ` – ${charge.label}` : ''} (${formatLocalDate(start, timeZone)} – ${formatLocalDate(end, timeZone)})`,
    quantity: charge.quantity,
    unitAmount: charge.unitAmount,
    priceId: item.priceId,
    periodStart: start,
    periodEnd: end,
  }));
}

/** The lines of one period of every item of a subscription, base item first; dates local to `timeZone`. */
export function periodLinesOf(items: readonly PeriodItem[], start: Date, end: Date, timeZone = DEFAULT_TIME_ZONE): InvoiceLineDraft[] {
  return items.flatMap((item) => periodItemLines(item, start, end, timeZone));
}

/**
 * The lines of one period to bill (the first invoice's or a renewal's): a regular period's lines (periodLinesOf), or
 * for a stub (an anchored subscription's first partial period, also after a trial) each item's full-period amount
 * prorated to the second against the regular period, one line each.
 */
export function billingPeriodLines(items: readonly PeriodItem[], period: PeriodToBill, timeZone = DEFAULT_TIME_ZONE): InvoiceLineDraft[] {
  const full = period.fullPeriod;
  if (!full) return periodLinesOf(items, period.start, period.end, timeZone);
  return items.map((item) => stubPeriodLine(item.planName, item, prorateStub(priceAmount(item, item.quantity), full, period), period, timeZone));
}

/**
 * The invoice line of one proration item, as Stripe words it: "Unused time on Basic × 2 after 2026-01-15" (a
 * credit) or "Remaining time on Pro × 3 after 2026-01-15" (a charge). One unit of the prorated amount: the amount is
 * exact, where a per-seat unit amount would have to be rounded again.
 */
export function prorationLine(planName: string, item: ProrationItem): InvoiceLineDraft {
  const what = item.kind === 'unused_time' ? 'Unused time' : 'Remaining time';
  const seats = item.quantity === 1 ? '' : ` × ${item.quantity}`;
  return {
    description: `${what} on ${planName}${seats} after ${item.periodStart.toISOString().replace('.000Z', 'Z')}`,
    quantity: 1,
    unitAmount: item.amount,
    priceId: item.priceId,
    periodStart: item.periodStart,
    periodEnd: item.periodEnd,
  };
}
