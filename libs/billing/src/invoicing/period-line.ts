import type { InvoiceLineDraft } from './use-cases/issue-invoices';

const formatDay = (date: Date) => date.toISOString().slice(0, 10);

/** The invoice line for one period of a subscription's price (first invoice and renewals alike). */
export function periodLine(planName: string, item: { priceId: string; quantity: number; unitAmount: bigint }, start: Date, end: Date): InvoiceLineDraft {
  return { description: `${planName} (${formatDay(start)} – ${formatDay(end)})`, quantity: item.quantity, unitAmount: item.unitAmount, priceId: item.priceId, periodStart: start, periodEnd: end };
}
