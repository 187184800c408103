import type { ProrationItem } from '@nova/domain';
import type { InvoiceLineDraft } from './invoice-draft';

const formatDay = (date: Date) => date.toISOString().slice(0, 10);

/** The invoice line for one period of a subscription's price (first invoice and renewals alike). */
export function periodLine(planName: string, item: { priceId: string; quantity: number; unitAmount: bigint }, start: Date, end: Date): InvoiceLineDraft {
  return { description: `${planName} (${formatDay(start)} – ${formatDay(end)})`, quantity: item.quantity, unitAmount: item.unitAmount, priceId: item.priceId, periodStart: start, periodEnd: end };
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
