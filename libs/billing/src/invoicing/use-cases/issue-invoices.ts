// The one way invoices come into being: the billing cycle's renewals, a new subscription's first
// period, a canceled subscription's final usage. Set-based: a constant number of statements,
// whatever the batch size (the billing-run benchmark measures this path).
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { computeInvoiceTotals, formatInvoiceNumber } from '@nova/domain';
import { selectCustomerPaymentTerms } from '../../customers';
import { consumeAllowance } from '../../platform-usage';
import { TenantBillingSettings } from '../tenant-billing-settings';
import { applyCustomerCreditAtFinalization, finalizedInvoiceStatus } from './apply-customer-credit';
import { NewInvoiceLineRow, NewInvoiceRow, insertInvoiceLines, insertInvoices, reserveInvoiceSequences } from '../invoices.repository';

export interface InvoiceLineDraft {
  description: string;
  quantity: number;
  unitAmount: bigint;
  priceId?: string;
  periodStart?: Date;
  periodEnd?: Date;
  /** Telecom usage lines: what the amount is for. */
  usage?: { destination: string; calls: number; seconds: number; bundleSeconds: number };
}

export interface InvoiceDraft {
  /** Chosen by the caller when other rows must point at the invoice before it is inserted. */
  id?: string;
  customerId: string;
  subscriptionId?: string;
  currency: string;
  periodStart?: Date;
  periodEnd?: Date;
  lines: InvoiceLineDraft[];
  /** Printed on the invoice (hand-written invoices). */
  memo?: string;
}

export interface IssuedInvoice {
  id: string;
  number: string;
  subscriptionId?: string;
  total: bigint;
  /** The total less the customer's credit applied at finalization. */
  amountDue: bigint;
}

const DAY_MS = 86_400_000;

/**
 * What happens at the `invoicesPerMonth` limit of the tenant's NovaBilling plan (settings.invoicesPerMonth).
 * Every invoice issued counts in its UTC month. `enforce` (what the tenant asks for through the
 * API now: a one-off invoice, a new subscription's first period) refuses past the limit with a 402
 * and issues nothing. `count_only` (the billing cycle: renewals and final usage of subscriptions
 * the tenant already sold) always issues: the plan never makes the tenant's customers go unbilled
 * or bills them late; the cycle's invoices fill the month's allowance so the tenant's own
 * invoices are refused sooner.
 */
export type MonthlyInvoiceLimit = 'enforce' | 'count_only';

/**
 * Issues invoices in bulk: one UPDATE reserves a block of invoice numbers (the tenant's prefix,
 * formatInvoiceNumber), one INSERT writes the invoices, one the lines. Must run inside the
 * caller's transaction: numbering is gapless because a rollback also rolls back the reserved
 * block. A second invoice for the same subscription and period violates
 * `invoices_subscription_id_period_start_key` and aborts the transaction.
 */
export async function issueInvoices(client: PoolClient, settings: TenantBillingSettings, drafts: InvoiceDraft[], issuedAt = new Date(), monthlyLimit: MonthlyInvoiceLimit = 'count_only'): Promise<IssuedInvoice[]> {
  if (drafts.length === 0) return [];
  const firstSequence = await reserveInvoiceSequences(client, drafts.length);
  // After the sequence (every issuance takes the two row locks in this order: no deadlock).
  await consumeAllowance(client, 'invoicesPerMonth', { count: drafts.length, max: settings.invoicesPerMonth, at: issuedAt, enforce: monthlyLimit === 'enforce' });
  // A customer's own payment terms win over the tenant's (one query for the batch).
  const customerTerms = await selectCustomerPaymentTerms(client, [...new Set(drafts.map((draft) => draft.customerId))]);
  const dueAtFor = (customerId: string) => new Date(issuedAt.getTime() + (customerTerms.get(customerId) ?? settings.paymentTermsDays) * DAY_MS);

  const invoices = drafts.map((draft, index) => {
    const totals = computeInvoiceTotals(draft.currency, draft.lines.map((line) => ({ quantity: line.quantity, unitAmount: line.unitAmount, currency: draft.currency })));
    const sequence = firstSequence + BigInt(index);
    const row: NewInvoiceRow = {
      id: draft.id ?? randomUUID(),
      number: formatInvoiceNumber(settings.invoicePrefix, sequence),
      sequence,
      customerId: draft.customerId,
      subscriptionId: draft.subscriptionId ?? null,
      status: finalizedInvoiceStatus(totals.total),
      currency: draft.currency,
      subtotal: totals.subtotal,
      tax: totals.taxTotal,
      total: totals.total,
      periodStart: draft.periodStart ?? null,
      periodEnd: draft.periodEnd ?? null,
      dueAt: dueAtFor(draft.customerId),
      memo: draft.memo ?? null,
    };
    return { row, draft, totals };
  });
  await insertInvoices(client, invoices.map((invoice) => invoice.row), issuedAt);

  const lines = invoices.flatMap(({ row, draft, totals }) =>
    draft.lines.map(
      (line, position): NewInvoiceLineRow => ({
        invoiceId: row.id,
        position,
        description: line.description,
        quantity: line.quantity,
        unitAmount: line.unitAmount,
        amount: totals.lines[position]!.amount,
        priceId: line.priceId ?? null,
        periodStart: line.periodStart ?? null,
        periodEnd: line.periodEnd ?? null,
        usage: line.usage ?? null,
      }),
    ),
  );
  await insertInvoiceLines(client, lines);
  const creditApplied = await applyCustomerCreditAtFinalization(client, invoices.map(({ row }) => row), issuedAt);

  return invoices.map(({ row, draft }) => ({ id: row.id, number: row.number, subscriptionId: draft.subscriptionId, total: row.total, amountDue: row.total - (creditApplied.get(row.id) ?? 0n) }));
}
