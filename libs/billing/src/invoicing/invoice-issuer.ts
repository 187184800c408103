import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { computeInvoiceTotals, formatInvoiceNumber } from '@nova/domain';
import { TenantBillingSettings } from './tenant-billing-settings';

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
}

export interface IssuedInvoice {
  id: string;
  number: string;
  subscriptionId?: string;
  total: bigint;
}

const DAY_MS = 86_400_000;

/**
 * Issues invoices in bulk with a constant number of statements, whatever the batch size: one
 * UPDATE reserves a block of invoice numbers, one INSERT writes the invoices, one the lines.
 * Must run inside the caller's transaction: numbering is gapless because a rollback also rolls
 * back the reserved block. A second invoice for the same subscription and period violates
 * `invoices_subscription_id_period_start_key` and aborts the transaction.
 */
export async function issueInvoices(client: PoolClient, settings: TenantBillingSettings, drafts: InvoiceDraft[], issuedAt = new Date()): Promise<IssuedInvoice[]> {
  if (drafts.length === 0) return [];
  const { rows } = await client.query<{ first: string }>('UPDATE invoice_sequence SET next = next + $1 WHERE id = 1 RETURNING next - $1 AS first', [drafts.length]);
  const firstSequence = BigInt(rows[0]!.first);
  const dueAt = new Date(issuedAt.getTime() + settings.paymentTermsDays * DAY_MS);

  const invoices = drafts.map((draft, index) => {
    const totals = computeInvoiceTotals(draft.currency, draft.lines.map((line) => ({ quantity: line.quantity, unitAmount: line.unitAmount, currency: draft.currency })));
    const sequence = firstSequence + BigInt(index);
    return { id: draft.id ?? randomUUID(), sequence, number: formatInvoiceNumber(settings.invoicePrefix, sequence), draft, totals };
  });

  await client.query(
    `INSERT INTO invoices (id, number, sequence, customer_id, subscription_id, status, currency, subtotal, tax, total, amount_paid, amount_due,
                           period_start, period_end, issued_at, due_at, paid_at, updated_at)
     SELECT u.id, u.number, u.sequence, u.customer_id, u.subscription_id,
            (CASE WHEN u.total = 0 THEN 'paid' ELSE 'open' END)::"InvoiceStatus",
            u.currency, u.subtotal, u.tax, u.total, 0, u.total, u.period_start, u.period_end, $10, $11,
            CASE WHEN u.total = 0 THEN $10::timestamptz END, $10
     FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::uuid[], $5::uuid[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[],
                 $12::timestamptz[], $13::timestamptz[])
          AS u(id, number, sequence, customer_id, subscription_id, currency, subtotal, tax, total, period_start, period_end)`,
    [
      invoices.map((invoice) => invoice.id),
      invoices.map((invoice) => invoice.number),
      invoices.map((invoice) => invoice.sequence.toString()),
      invoices.map((invoice) => invoice.draft.customerId),
      invoices.map((invoice) => invoice.draft.subscriptionId ?? null),
      invoices.map((invoice) => invoice.draft.currency),
      invoices.map((invoice) => invoice.totals.subtotal.toString()),
      invoices.map((invoice) => invoice.totals.taxTotal.toString()),
      invoices.map((invoice) => invoice.totals.total.toString()),
      issuedAt,
      dueAt,
      invoices.map((invoice) => invoice.draft.periodStart ?? null),
      invoices.map((invoice) => invoice.draft.periodEnd ?? null),
    ],
  );

  const lines = invoices.flatMap((invoice) => invoice.draft.lines.map((line, position) => ({ invoiceId: invoice.id, position, line, amount: invoice.totals.lines[position]!.amount })));
  await client.query(
    `INSERT INTO invoice_lines (id, invoice_id, position, description, quantity, unit_amount, amount, price_id, period_start, period_end,
                               usage_destination, usage_calls, usage_seconds, usage_bundle_seconds)
     SELECT gen_random_uuid(), u.* FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::bigint[], $6::bigint[], $7::uuid[], $8::timestamptz[], $9::timestamptz[],
                                               $10::text[], $11::int[], $12::int[], $13::int[])
          AS u(invoice_id, position, description, quantity, unit_amount, amount, price_id, period_start, period_end,
               usage_destination, usage_calls, usage_seconds, usage_bundle_seconds)`,
    [
      lines.map((row) => row.invoiceId),
      lines.map((row) => row.position),
      lines.map((row) => row.line.description),
      lines.map((row) => row.line.quantity),
      lines.map((row) => row.line.unitAmount.toString()),
      lines.map((row) => row.amount.toString()),
      lines.map((row) => row.line.priceId ?? null),
      lines.map((row) => row.line.periodStart ?? null),
      lines.map((row) => row.line.periodEnd ?? null),
      lines.map((row) => row.line.usage?.destination ?? null),
      lines.map((row) => row.line.usage?.calls ?? null),
      lines.map((row) => row.line.usage?.seconds ?? null),
      lines.map((row) => row.line.usage?.bundleSeconds ?? null),
    ],
  );

  return invoices.map((invoice) => ({ id: invoice.id, number: invoice.number, subscriptionId: invoice.draft.subscriptionId, total: invoice.totals.total }));
}
