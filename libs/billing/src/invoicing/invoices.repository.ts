// All SQL of the invoices, invoice_lines and invoice_sequence tables (raw pg: the issuer's
// set-based inserts and payments' row locks share transactions with other contexts' writes).
// Private to the invoicing context: other code goes through ./index.ts.
import type { PoolClient } from 'pg';
import { Keyset, type KeysetWindow, keysetSql, Queryable } from '@nova/common';
import type { InvoiceState, InvoiceStatus, LineCoupon, TaxBehavior, TaxTreatment } from '@nova/domain';
import type { TaxParty, TaxSnapshot } from '../tax';
import { type ClockScope, WALL_CLOCK_SCOPE, clockScopeSql, customerClockIdSql } from '../customers';
import type { InvoiceLineDraft } from './invoice-draft';

/** An invoice under its row lock: what a payment, a refund or a status change needs. */
export interface LockedInvoice {
  readonly id: string;
  readonly customerId: string;
  readonly subscriptionId: string | null;
  readonly currency: string;
  readonly state: InvoiceState;
  /** Customer credit settled at finalization (see Invoice.creditApplied). */
  readonly creditApplied: bigint;
}

interface InvoiceStateRow {
  id: string;
  customer_id: string;
  subscription_id: string | null;
  currency: string;
  status: InvoiceStatus;
  amount_due: string;
  amount_paid: string;
  paid_at: Date | null;
  voided_at: Date | null;
  credit_applied: string;
}

/** Locks the invoice row for the rest of the caller's transaction. */
export async function lockInvoice(client: PoolClient, id: string): Promise<LockedInvoice | undefined> {
  const { rows } = await client.query<InvoiceStateRow>(`SELECT ${LOCKED_INVOICE_COLUMNS} FROM invoices WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] && toLockedInvoice(rows[0]);
}

const LOCKED_INVOICE_COLUMNS = `id, customer_id, subscription_id, currency, status, amount_due::text AS amount_due, amount_paid::text AS amount_paid, paid_at, voided_at,
            credit_applied::text AS credit_applied`;

const toLockedInvoice = (row: InvoiceStateRow): LockedInvoice => ({
  id: row.id,
  customerId: row.customer_id,
  subscriptionId: row.subscription_id,
  currency: row.currency,
  state: { status: row.status, amountDue: BigInt(row.amount_due), amountPaid: BigInt(row.amount_paid), paidAt: row.paid_at, voidedAt: row.voided_at },
  creditApplied: BigInt(row.credit_applied),
});

/**
 * Locks the customer's invoices that can take money, oldest first (issued_at, then number order),
 * or, when `ids` is given, those invoices of the customer whatever their status, in id order.
 */
export async function lockCustomerInvoices(client: PoolClient, customerId: string, select: { payableIn: string } | { ids: string[] }): Promise<LockedInvoice[]> {
  const { rows } =
    'ids' in select
      ? await client.query<InvoiceStateRow>(`SELECT ${LOCKED_INVOICE_COLUMNS} FROM invoices WHERE customer_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`, [customerId, select.ids])
      : await client.query<InvoiceStateRow>(
          `SELECT ${LOCKED_INVOICE_COLUMNS} FROM invoices
            WHERE customer_id = $1 AND currency = $2 AND status IN ('open', 'uncollectible') AND amount_due > 0
            ORDER BY issued_at, sequence FOR UPDATE`,
          [customerId, select.payableIn],
        );
  return rows.map(toLockedInvoice);
}

/** Writes back the columns the invoice state machine owns (the caller holds the row lock). */
export async function saveInvoiceState(client: PoolClient, id: string, state: InvoiceState): Promise<void> {
  await client.query(
    `UPDATE invoices SET status = $2::"InvoiceStatus", amount_due = $3, amount_paid = $4, paid_at = $5, voided_at = $6, updated_at = now() WHERE id = $1`,
    [id, state.status, state.amountDue, state.amountPaid, state.paidAt, state.voidedAt],
  );
}

/** Money given back by a settled refund (amountRefunded is not part of the status: a refunded invoice stays paid). */
export async function addRefundedAmount(client: PoolClient, id: string, amount: bigint): Promise<void> {
  await client.query('UPDATE invoices SET amount_refunded = amount_refunded + $2, updated_at = now() WHERE id = $1', [id, amount]);
}

// --- Issuing (the billing run's measured path: a constant number of statements per batch) ---

/**
 * Reserves `count` consecutive invoice numbers and returns the first. Gapless only inside the
 * caller's transaction: a rollback also rolls back the reserved block.
 */
export async function reserveInvoiceSequences(client: PoolClient, count: number): Promise<bigint> {
  const { rows } = await client.query<{ first: string }>('UPDATE invoice_sequence SET next = next + $1 WHERE id = 1 RETURNING next - $1 AS first', [count]);
  return BigInt(rows[0]!.first);
}

export interface NewInvoiceRow {
  id: string;
  /** Null for a draft: numbers are taken at finalization only, so they stay gapless. */
  number: string | null;
  sequence: bigint | null;
  customerId: string;
  subscriptionId: string | null;
  /** As the invoice state machine issues it (open, or paid when nothing is due; draft, uncollectible or void while its collection is paused). */
  status: InvoiceStatus;
  amountDue: bigint;
  paidAt: Date | null;
  voidedAt: Date | null;
  currency: string;
  subtotal: bigint;
  tax: bigint;
  total: bigint;
  periodStart: Date | null;
  periodEnd: Date | null;
  /** Issue time plus the customer's payment terms (or the tenant's). */
  dueAt: Date;
  memo: string | null;
  /** How the sale was taxed; null when no tax applied (no tax profile, or no line with a rate). */
  taxTreatment: TaxTreatment | null;
  taxNote: string | null;
  placeOfSupply: string | null;
  /** Both parties as they were at issuance; null without a tax profile. */
  taxSnapshot: TaxSnapshot | null;
  /** A draft the worker finalizes from then on (null: by hand only, or not a draft). */
  autoFinalizeAt: Date | null;
}

/** One INSERT for the whole batch, each row in the state the invoice machine issued it in. */
export async function insertInvoices(client: PoolClient, invoices: NewInvoiceRow[], issuedAt: Date): Promise<void> {
  await client.query(
    `INSERT INTO invoices (id, number, sequence, customer_id, subscription_id, status, currency, subtotal, tax, total, amount_paid, amount_due,
                           period_start, period_end, issued_at, due_at, paid_at, voided_at, updated_at, memo, tax_treatment, tax_note, place_of_supply, tax_snapshot,
                           auto_finalize_at, test_clock_id)
     SELECT u.id, u.number, u.sequence, u.customer_id, u.subscription_id, u.status::"InvoiceStatus",
            u.currency, u.subtotal, u.tax, u.total, 0, u.amount_due, u.period_start, u.period_end, $10, u.due_at,
            u.paid_at, u.voided_at, $10, u.memo, u.tax_treatment, u.tax_note, u.place_of_supply, u.tax_snapshot::jsonb,
            u.auto_finalize_at, ${customerClockIdSql('u.customer_id')}
     FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::uuid[], $5::uuid[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[],
                 $11::timestamptz[], $12::timestamptz[], $13::text[], $14::timestamptz[], $15::text[], $16::bigint[], $17::timestamptz[], $18::timestamptz[],
                 $19::text[], $20::text[], $21::text[], $22::text[], $23::timestamptz[])
          AS u(id, number, sequence, customer_id, subscription_id, currency, subtotal, tax, total, period_start, period_end, status, due_at, memo,
               amount_due, paid_at, voided_at, tax_treatment, tax_note, place_of_supply, tax_snapshot, auto_finalize_at)`,
    [
      invoices.map((invoice) => invoice.id),
      invoices.map((invoice) => invoice.number),
      invoices.map((invoice) => invoice.sequence?.toString() ?? null),
      invoices.map((invoice) => invoice.customerId),
      invoices.map((invoice) => invoice.subscriptionId),
      invoices.map((invoice) => invoice.currency),
      invoices.map((invoice) => invoice.subtotal.toString()),
      invoices.map((invoice) => invoice.tax.toString()),
      invoices.map((invoice) => invoice.total.toString()),
      issuedAt,
      invoices.map((invoice) => invoice.periodStart),
      invoices.map((invoice) => invoice.periodEnd),
      invoices.map((invoice) => invoice.status),
      invoices.map((invoice) => invoice.dueAt),
      invoices.map((invoice) => invoice.memo),
      invoices.map((invoice) => invoice.amountDue.toString()),
      invoices.map((invoice) => invoice.paidAt),
      invoices.map((invoice) => invoice.voidedAt),
      invoices.map((invoice) => invoice.taxTreatment),
      invoices.map((invoice) => invoice.taxNote),
      invoices.map((invoice) => invoice.placeOfSupply),
      invoices.map((invoice) => (invoice.taxSnapshot === null ? null : JSON.stringify(invoice.taxSnapshot))),
      invoices.map((invoice) => invoice.autoFinalizeAt),
    ],
  );
}

/**
 * Credit settled at finalization (issueInvoices' transaction, right after the insert): the credit,
 * the amount left due and the status the invoice machine finalizes that to; one UPDATE per batch.
 */
export async function saveCreditApplied(client: PoolClient, updates: Array<{ id: string; creditApplied: bigint; amountDue: bigint; status: InvoiceStatus }>, issuedAt: Date): Promise<void> {
  await client.query(
    `UPDATE invoices i SET credit_applied = u.credit_applied, amount_due = u.amount_due, status = u.status::"InvoiceStatus",
            paid_at = CASE WHEN u.status = 'paid' THEN $5::timestamptz ELSE i.paid_at END, updated_at = now()
       FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::text[]) AS u(id, credit_applied, amount_due, status)
      WHERE i.id = u.id`,
    [updates.map((u) => u.id), updates.map((u) => u.creditApplied.toString()), updates.map((u) => u.amountDue.toString()), updates.map((u) => u.status), issuedAt],
  );
}

export interface NewInvoiceLineRow {
  invoiceId: string;
  position: number;
  description: string;
  quantity: number;
  unitAmount: bigint;
  amount: bigint;
  priceId: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  usage: { destination: string; calls: number; seconds: number; bundleSeconds: number } | null;
  /** A coupon's discount line: its discount and the coupon's terms. */
  coupon: LineCoupon | null;
  /** The line without its tax; equal to amount for exclusive prices. */
  taxableAmount: bigint;
  taxAmount: bigint;
  taxCode: string | null;
}

/**
 * `ON CONFLICT (key) DO UPDATE` that writes only the rows whose values changed: a re-priced draft's line
 * (or tax row) that came out the same is left alone, so it costs no write and records no audit entry.
 */
function updateChangedOnConflict(table: string, key: string, columns: readonly string[]): string {
  const set = columns.map((column) => `${column} = EXCLUDED.${column}`).join(', ');
  const stored = columns.map((column) => `${table}.${column}`).join(', ');
  const proposed = columns.map((column) => `EXCLUDED.${column}`).join(', ');
  return `ON CONFLICT (${key}) DO UPDATE SET ${set} WHERE (${stored}) IS DISTINCT FROM (${proposed})`;
}

const LINE_VALUE_COLUMNS = ['description', 'quantity', 'unit_amount', 'amount', 'price_id', 'period_start', 'period_end', 'usage_destination', 'usage_calls', 'usage_seconds',
  'usage_bundle_seconds', 'taxable_amount', 'tax_amount', 'tax_code', 'discount_id', 'coupon_percent_off_basis_points', 'coupon_amount_off'] as const;
const LINE_TAX_VALUE_COLUMNS = ['tax_rate_id', 'code', 'percentage', 'taxable', 'amount', 'tax_behavior'] as const;

/** One INSERT for every line of the batch. */
export async function insertInvoiceLines(client: PoolClient, lines: NewInvoiceLineRow[], onConflict = ''): Promise<void> {
  await client.query(
    `INSERT INTO invoice_lines (id, invoice_id, position, ${LINE_VALUE_COLUMNS.join(', ')})
     SELECT gen_random_uuid(), u.* FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::bigint[], $6::bigint[], $7::uuid[], $8::timestamptz[], $9::timestamptz[],
                                               $10::text[], $11::int[], $12::int[], $13::int[], $14::bigint[], $15::bigint[], $16::text[],
                                               $17::uuid[], $18::int[], $19::bigint[])
          AS u(invoice_id, position, ${LINE_VALUE_COLUMNS.join(', ')})
     ${onConflict}`,
    [
      lines.map((line) => line.invoiceId),
      lines.map((line) => line.position),
      lines.map((line) => line.description),
      lines.map((line) => line.quantity),
      lines.map((line) => line.unitAmount.toString()),
      lines.map((line) => line.amount.toString()),
      lines.map((line) => line.priceId),
      lines.map((line) => line.periodStart),
      lines.map((line) => line.periodEnd),
      lines.map((line) => line.usage?.destination ?? null),
      lines.map((line) => line.usage?.calls ?? null),
      lines.map((line) => line.usage?.seconds ?? null),
      lines.map((line) => line.usage?.bundleSeconds ?? null),
      lines.map((line) => line.taxableAmount.toString()),
      lines.map((line) => line.taxAmount.toString()),
      lines.map((line) => line.taxCode),
      lines.map((line) => line.coupon?.discountId ?? null),
      lines.map((line) => line.coupon?.value.percentOffBasisPoints ?? null),
      lines.map((line) => line.coupon?.value.amountOff?.toString() ?? null),
    ],
  );
}

/** One tax component of one line, as issued (CGST and SGST of a line are two rows). */
export interface NewInvoiceLineTaxRow {
  invoiceId: string;
  linePosition: number;
  /** The component's place on its line. */
  position: number;
  taxRateId: string | null;
  code: string;
  /** The component's exact rate, decimal per cent. */
  percentage: string;
  taxable: bigint;
  amount: bigint;
  taxBehavior: TaxBehavior;
}

/** One INSERT for every tax component of the batch (none at all for tenants without tax). */
export async function insertInvoiceLineTaxes(client: PoolClient, taxes: NewInvoiceLineTaxRow[], onConflict = ''): Promise<void> {
  if (taxes.length === 0) return;
  await client.query(
    `INSERT INTO invoice_line_taxes (id, invoice_id, line_position, position, ${LINE_TAX_VALUE_COLUMNS.join(', ')})
     SELECT gen_random_uuid(), u.* FROM unnest($1::uuid[], $2::int[], $9::int[], $3::uuid[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[])
          AS u(invoice_id, line_position, position, ${LINE_TAX_VALUE_COLUMNS.join(', ')})
     ${onConflict}`,
    [
      taxes.map((tax) => tax.invoiceId),
      taxes.map((tax) => tax.linePosition),
      taxes.map((tax) => tax.taxRateId),
      taxes.map((tax) => tax.code),
      taxes.map((tax) => tax.percentage),
      taxes.map((tax) => tax.taxable.toString()),
      taxes.map((tax) => tax.amount.toString()),
      taxes.map((tax) => tax.taxBehavior),
      taxes.map((tax) => tax.position),
    ],
  );
}

// --- Reads ---

/** An invoice as the API and the documents show it (money in minor units). */
export interface InvoiceRecord {
  id: string;
  /** Null while a draft. */
  number: string | null;
  customerId: string;
  subscriptionId: string | null;
  status: InvoiceStatus;
  currency: string;
  subtotal: bigint;
  tax: bigint;
  total: bigint;
  amountPaid: bigint;
  amountRefunded: bigint;
  amountDue: bigint;
  /** Signed: credit taken from the customer's balance at finalization, or (negative) a negative total credited to it. */
  creditApplied: bigint;
  periodStart: Date | null;
  periodEnd: Date | null;
  issuedAt: Date;
  dueAt: Date;
  paidAt: Date | null;
  voidedAt: Date | null;
  sentAt: Date | null;
  memo: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  /** How the sale was taxed (taxable, zero_rated_export, reverse_charge, exempt); null: no tax applied. */
  taxTreatment: TaxTreatment | null;
  /** The legend required when no tax is charged. */
  taxNote: string | null;
  /** GST: the place of supply's state code. */
  placeOfSupply: string | null;
  /** Seller and buyer (names, addresses, tax ids) as they were at issuance. */
  taxSnapshot: InvoiceTaxSnapshot | null;
  /** A draft: when the worker finalizes it (null: by hand only). */
  autoFinalizeAt: Date | null;
}

/** The snapshot the tax context's plan wrote at issuance, read back as it was stored. */
export type InvoiceTaxParty = TaxParty;
export type InvoiceTaxSnapshot = TaxSnapshot;

/** One tax component of a line (CGST 9 %, SGST 9 % …). */
export interface InvoiceLineTaxRecord {
  code: string;
  percentage: string;
  taxable: bigint;
  amount: bigint;
}

export interface InvoiceLineRecord {
  /** What a per-line credit note names (lines[].invoiceLineId). */
  id: string;
  position: number;
  description: string;
  quantity: number;
  unitAmount: bigint;
  amount: bigint;
  priceId: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  /** The line without its tax (amount, for lines issued before tax or priced exclusive of it). */
  taxableAmount: bigint;
  taxAmount: bigint;
  /** HSN/SAC (or the tenant's) code of what was sold. */
  taxCode: string | null;
  /** A coupon's discount line: the discount (a coupon applied to the subscription or customer) it came from. */
  discountId: string | null;
  taxes: InvoiceLineTaxRecord[];
}

const INVOICE_COLUMNS = `id, number, customer_id, subscription_id, status, currency, subtotal::text, tax::text, total::text, amount_paid::text,
  amount_refunded::text, amount_due::text, period_start, period_end, issued_at, due_at, paid_at, voided_at, sent_at, memo, metadata, created_at, credit_applied::text,
  tax_treatment, tax_note, place_of_supply, tax_snapshot, auto_finalize_at`;

interface InvoiceRow {
  id: string;
  number: string | null;
  customer_id: string;
  subscription_id: string | null;
  status: InvoiceStatus;
  currency: string;
  subtotal: string;
  tax: string;
  total: string;
  amount_paid: string;
  amount_refunded: string;
  amount_due: string;
  period_start: Date | null;
  period_end: Date | null;
  issued_at: Date;
  due_at: Date;
  paid_at: Date | null;
  voided_at: Date | null;
  sent_at: Date | null;
  memo: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
  credit_applied: string;
  tax_treatment: TaxTreatment | null;
  tax_note: string | null;
  place_of_supply: string | null;
  tax_snapshot: InvoiceTaxSnapshot | null;
  auto_finalize_at: Date | null;
}

const toInvoiceRecord = (row: InvoiceRow): InvoiceRecord => ({
  id: row.id,
  number: row.number,
  customerId: row.customer_id,
  subscriptionId: row.subscription_id,
  status: row.status,
  currency: row.currency,
  subtotal: BigInt(row.subtotal),
  tax: BigInt(row.tax),
  total: BigInt(row.total),
  amountPaid: BigInt(row.amount_paid),
  amountRefunded: BigInt(row.amount_refunded),
  amountDue: BigInt(row.amount_due),
  creditApplied: BigInt(row.credit_applied),
  periodStart: row.period_start,
  periodEnd: row.period_end,
  issuedAt: row.issued_at,
  dueAt: row.due_at,
  paidAt: row.paid_at,
  voidedAt: row.voided_at,
  sentAt: row.sent_at,
  memo: row.memo,
  metadata: row.metadata,
  createdAt: row.created_at,
  taxTreatment: row.tax_treatment,
  taxNote: row.tax_note,
  placeOfSupply: row.place_of_supply,
  taxSnapshot: row.tax_snapshot,
  autoFinalizeAt: row.auto_finalize_at,
});

export async function findInvoice(db: Queryable, id: string): Promise<InvoiceRecord | undefined> {
  const { rows } = await db.query<InvoiceRow>(`SELECT ${INVOICE_COLUMNS} FROM invoices WHERE id = $1`, [id]);
  return rows[0] && toInvoiceRecord(rows[0]);
}

/** The invoices with these ids, in the order given (ids not found are left out). */
export async function selectInvoicesByIds(db: Queryable, ids: readonly string[]): Promise<InvoiceRecord[]> {
  const { rows } = await db.query<InvoiceRow>(
    `SELECT ${INVOICE_COLUMNS} FROM invoices JOIN unnest($1::uuid[]) WITH ORDINALITY AS wanted(id, position) USING (id) ORDER BY wanted.position`,
    [ids],
  );
  return rows.map(toInvoiceRecord);
}

/** The invoice's lines in print order, each with its tax components. */
export async function findInvoiceLines(db: Queryable, invoiceId: string): Promise<InvoiceLineRecord[]> {
  type LineRow = { id: string; position: number; description: string; quantity: number; unit_amount: string; amount: string; price_id: string | null; period_start: Date | null; period_end: Date | null;
    taxable_amount: string; tax_amount: string; tax_code: string | null; discount_id: string | null; taxes: { code: string; percentage: string; taxable: string; amount: string }[] };
  const { rows } = await db.query<LineRow>(
    `SELECT l.id, l.position, l.description, l.quantity, l.unit_amount::text, l.amount::text, l.price_id, l.period_start, l.period_end,
            coalesce(l.taxable_amount, l.amount)::text AS taxable_amount, l.tax_amount::text, l.tax_code, l.discount_id,
            coalesce((SELECT json_agg(json_build_object('code', t.code, 'percentage', t.percentage, 'taxable', t.taxable::text, 'amount', t.amount::text) ORDER BY t.position)
                        FROM invoice_line_taxes t WHERE t.invoice_id = l.invoice_id AND t.line_position = l.position), '[]'::json) AS taxes
       FROM invoice_lines l WHERE l.invoice_id = $1 ORDER BY l.position`,
    [invoiceId],
  );
  return rows.map((row) => ({
    taxableAmount: BigInt(row.taxable_amount),
    taxAmount: BigInt(row.tax_amount),
    taxCode: row.tax_code,
    discountId: row.discount_id,
    taxes: row.taxes.map((tax) => ({ code: tax.code, percentage: tax.percentage, taxable: BigInt(tax.taxable), amount: BigInt(tax.amount) })),
    id: row.id,
    position: row.position,
    description: row.description,
    quantity: row.quantity,
    unitAmount: BigInt(row.unit_amount),
    amount: BigInt(row.amount),
    priceId: row.price_id,
    periodStart: row.period_start,
    periodEnd: row.period_end,
  }));
}

export interface InvoiceFilter {
  status?: InvoiceStatus;
  customerId?: string;
  subscriptionId?: string;
}

/** Up to `take` invoices after `after`, in keyset order (created_at equals issued_at for invoices). */
export async function listInvoiceRecords(db: Queryable, filter: InvoiceFilter, window: KeysetWindow): Promise<InvoiceRecord[]> {
  const keyset = keysetSql(window, 4);
  const { rows } = await db.query<InvoiceRow>(
    `SELECT ${INVOICE_COLUMNS} FROM invoices
      WHERE ($1::"InvoiceStatus" IS NULL OR status = $1) AND ($2::uuid IS NULL OR customer_id = $2) AND ($3::uuid IS NULL OR subscription_id = $3)
        AND ${keyset.where}
      ORDER BY ${keyset.order}
      LIMIT $10`,
    [filter.status ?? null, filter.customerId ?? null, filter.subscriptionId ?? null, ...keyset.values, window.fetch],
  );
  return rows.map(toInvoiceRecord);
}

/** An invoice's keyset position (primary key lookup), for starting_after / ending_before. */
export async function invoicePosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM invoices WHERE id = $1', [id]);
  return rows[0];
}

/**
 * Who the invoice is addressed to, for its document. The customers table belongs to the customers
 * context; this one read joins it until that context exports a look-up for documents.
 */
/** What collecting an invoice needs to know of it (checkout, payment requests, settlement of an adopted payment). */
export interface InvoiceSummary {
  id: string;
  /** Null while a draft. */
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  amountDue: bigint;
  customerId: string;
}

export async function findInvoiceSummary(db: Queryable, invoiceId: string): Promise<InvoiceSummary | undefined> {
  const { rows } = await db.query<{ id: string; number: string | null; status: InvoiceStatus; currency: string; amount_due: string; customer_id: string }>(
    'SELECT id, number, status, currency, amount_due::text AS amount_due, customer_id FROM invoices WHERE id = $1',
    [invoiceId],
  );
  const row = rows[0];
  return row && { id: row.id, number: row.number, status: row.status, currency: row.currency, amountDue: BigInt(row.amount_due), customerId: row.customer_id };
}

// --- Writes outside the state machine's columns ---

/** The invoice's stored metadata, locked for the caller's transaction (a metadata merge); undefined when unknown. */
export async function lockInvoiceMetadata(client: Queryable, id: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await client.query<{ metadata: Record<string, unknown> }>('SELECT metadata FROM invoices WHERE id = $1 FOR UPDATE', [id]);
  return rows[0]?.metadata;
}

export async function saveInvoiceMetadata(db: Queryable, id: string, metadata: Record<string, unknown>): Promise<InvoiceRecord | undefined> {
  const { rows } = await db.query<InvoiceRow>(`UPDATE invoices SET metadata = $2::jsonb, updated_at = now() WHERE id = $1 RETURNING ${INVOICE_COLUMNS}`, [id, JSON.stringify(metadata)]);
  return rows[0] && toInvoiceRecord(rows[0]);
}

/** Records when the invoice was e-mailed; false when it no longer exists. */
export async function saveInvoiceSentAt(db: Queryable, id: string, sentAt: Date): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE invoices SET sent_at = $2, updated_at = now() WHERE id = $1', [id, sentAt]);
  return (rowCount ?? 0) > 0;
}

/**
 * Marks up to `limit` invoices overdue at `asOf` (isInvoiceOverdue: a status of `statuses`, something due, the due
 * date passed) that were never marked, and returns their ids: the once-only marker invoice.overdue is recorded with,
 * in the caller's transaction (SKIP LOCKED: concurrent scans share them, an invoice being paid is left for later).
 */
export async function markInvoicesOverdue(client: PoolClient, asOf: Date, statuses: readonly string[], limit: number): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `UPDATE invoices SET overdue_noticed_at = $1, updated_at = now()
      WHERE id IN (SELECT id FROM invoices
                    WHERE status::text = ANY($2::text[]) AND amount_due > 0 AND due_at < $1 AND overdue_noticed_at IS NULL
                    ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    [asOf, statuses, limit],
  );
  return rows.map((row) => row.id);
}

// --- Credit notes' side of the invoice ---

/** An invoice under its row lock, as a credit note needs it. */
export interface InvoiceForCredit extends LockedInvoice {
  /** Null while a draft (a credit note refuses drafts). */
  readonly number: string | null;
  readonly total: bigint;
  readonly tax: bigint;
  readonly amountRefunded: bigint;
  readonly prePaymentCredited: bigint;
  readonly postPaymentCredited: bigint;
}

export async function lockInvoiceForCredit(client: PoolClient, id: string): Promise<InvoiceForCredit | undefined> {
  const { rows } = await client.query<InvoiceStateRow & { number: string | null; total: string; tax: string; amount_refunded: string; pre: string; post: string; credit_applied: string }>(
    `SELECT id, number, customer_id, subscription_id, currency, status, amount_due::text AS amount_due, amount_paid::text AS amount_paid, paid_at, voided_at,
            total::text AS total, tax::text AS tax, amount_refunded::text AS amount_refunded,
            pre_payment_credit_amount::text AS pre, post_payment_credit_amount::text AS post, credit_applied::text AS credit_applied
       FROM invoices WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const row = rows[0];
  return (
    row && {
      id: row.id,
      number: row.number,
      customerId: row.customer_id,
      subscriptionId: row.subscription_id,
      currency: row.currency,
      state: { status: row.status, amountDue: BigInt(row.amount_due), amountPaid: BigInt(row.amount_paid), paidAt: row.paid_at, voidedAt: row.voided_at },
      creditApplied: BigInt(row.credit_applied),
      total: BigInt(row.total),
      tax: BigInt(row.tax),
      amountRefunded: BigInt(row.amount_refunded),
      prePaymentCredited: BigInt(row.pre),
      postPaymentCredited: BigInt(row.post),
    }
  );
}

/** Adds (or, for a voided credit note, takes back) credited amounts; the caller holds the row lock. */
export async function addCreditedAmounts(client: PoolClient, id: string, prePayment: bigint, postPayment: bigint): Promise<void> {
  await client.query(
    'UPDATE invoices SET pre_payment_credit_amount = pre_payment_credit_amount + $2, post_payment_credit_amount = post_payment_credit_amount + $3, updated_at = now() WHERE id = $1',
    [id, prePayment, postPayment],
  );
}

/** The invoice of a subscription's period and what its period lines (the price, not usage) charged. */
export async function findPeriodCharge(client: PoolClient, subscriptionId: string, periodStart: Date): Promise<{ invoiceId: string; status: InvoiceStatus; amount: bigint } | undefined> {
  const { rows } = await client.query<{ id: string; status: InvoiceStatus; amount: string }>(
    `SELECT i.id, i.status, coalesce(sum(l.amount) FILTER (WHERE l.price_id IS NOT NULL AND l.period_start = i.period_start), 0)::text AS amount
       FROM invoices i LEFT JOIN invoice_lines l ON l.invoice_id = i.id
      WHERE i.subscription_id = $1 AND i.period_start = $2
      GROUP BY i.id`,
    [subscriptionId, periodStart],
  );
  const row = rows[0];
  return row && { invoiceId: row.id, status: row.status, amount: BigInt(row.amount) };
}

/** The tax an invoice charged per component and rate, in line order (a credit note splits its tax share by it). */
export async function selectInvoiceTaxComponents(db: Queryable, invoiceId: string): Promise<{ code: string; percentage: string; amount: bigint }[]> {
  const { rows } = await db.query<{ code: string; percentage: string; amount: string }>(
    `SELECT code, percentage, sum(amount)::text AS amount FROM invoice_line_taxes WHERE invoice_id = $1
      GROUP BY code, percentage ORDER BY min(line_position), min(position)`,
    [invoiceId],
  );
  return rows.map((row) => ({ code: row.code, percentage: row.percentage, amount: BigInt(row.amount) }));
}

// --- Drafts (no number yet: edited, deleted, finalized) ---

/** A draft under its row lock, with what its finalization or an edit needs. */
export interface LockedDraft extends LockedInvoice {
  readonly subscriptionId: string | null;
  readonly periodStart: Date | null;
  readonly periodEnd: Date | null;
  readonly memo: string | null;
  readonly dueAt: Date;
  readonly dueAtSet: boolean;
  readonly autoFinalizeAt: Date | null;
}

const DRAFT_COLUMNS = `${LOCKED_INVOICE_COLUMNS}, period_start, period_end, memo, due_at, due_at_set, auto_finalize_at`;
type DraftRow = InvoiceStateRow & { period_start: Date | null; period_end: Date | null; memo: string | null; due_at: Date; due_at_set: boolean; auto_finalize_at: Date | null };
const toLockedDraft = (row: DraftRow): LockedDraft => ({
  ...toLockedInvoice(row),
  periodStart: row.period_start,
  periodEnd: row.period_end,
  memo: row.memo,
  dueAt: row.due_at,
  dueAtSet: row.due_at_set,
  autoFinalizeAt: row.auto_finalize_at,
});

/** Locks these invoices (whatever their status: the caller asks the state machine), in id order so that concurrent callers never deadlock. */
export async function lockInvoicesForFinalization(client: PoolClient, ids: readonly string[]): Promise<LockedDraft[]> {
  const { rows } = await client.query<DraftRow>(`SELECT ${DRAFT_COLUMNS} FROM invoices WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  return rows.map(toLockedDraft);
}

/**
 * Claims up to `limit` drafts due for automatic finalization by `asOf`, oldest due first; rows
 * another finalizer holds are skipped (FOR UPDATE SKIP LOCKED), so concurrent runs share the work.
 */
export async function claimDueDrafts(client: PoolClient, asOf: Date, limit: number, scope: ClockScope = WALL_CLOCK_SCOPE): Promise<LockedDraft[]> {
  const { rows } = await client.query<DraftRow>(
    `SELECT ${DRAFT_COLUMNS} FROM invoices WHERE status = 'draft' AND auto_finalize_at <= $1 AND ${clockScopeSql('test_clock_id', '$3')}
      ORDER BY auto_finalize_at, created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [asOf, limit, scope.testClockId],
  );
  return rows.map(toLockedDraft);
}

/** The next automatic finalization after `after` of the drafts in `scope` (a test clock steps to it), or null. */
export async function nextDraftFinalizationAt(db: Queryable, scope: ClockScope, after: Date): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT min(auto_finalize_at) AS at FROM invoices WHERE status = 'draft' AND auto_finalize_at > $2 AND ${clockScopeSql('test_clock_id', '$1')}`,
    [scope.testClockId, after],
  );
  return rows[0]?.at ?? null;
}

/** A draft's lines as issueInvoices took them (each line's tax rate as it was resolved, so a re-pricing keeps it). */
export async function selectDraftLines(db: Queryable, invoiceIds: readonly string[]): Promise<Map<string, DraftLineRecord[]>> {
  type Row = { invoice_id: string; description: string; quantity: number; unit_amount: string; price_id: string | null; period_start: Date | null; period_end: Date | null;
    usage_destination: string | null; usage_calls: number | null; usage_seconds: number | null; usage_bundle_seconds: number | null; tax_rate_id: string | null;
    discount_id: string | null; coupon_percent_off_basis_points: number | null; coupon_amount_off: string | null; currency: string };
  const { rows } = await db.query<Row>(
    `SELECT l.invoice_id, l.description, l.quantity, l.unit_amount::text, l.price_id, l.period_start, l.period_end,
            l.usage_destination, l.usage_calls, l.usage_seconds, l.usage_bundle_seconds,
            (SELECT t.tax_rate_id FROM invoice_line_taxes t WHERE t.invoice_id = l.invoice_id AND t.line_position = l.position AND t.tax_rate_id IS NOT NULL ORDER BY t.position LIMIT 1) AS tax_rate_id,
            l.discount_id, l.coupon_percent_off_basis_points, l.coupon_amount_off::text, i.currency
       FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.invoice_id = ANY($1::uuid[]) ORDER BY l.invoice_id, l.position`,
    [invoiceIds],
  );
  const byInvoice = new Map<string, DraftLineRecord[]>(invoiceIds.map((id) => [id, []]));
  for (const row of rows) {
    byInvoice.get(row.invoice_id)?.push({
      description: row.description,
      quantity: row.quantity,
      unitAmount: BigInt(row.unit_amount),
      ...(row.price_id ? { priceId: row.price_id } : {}),
      ...(row.tax_rate_id ? { taxRateId: row.tax_rate_id } : {}),
      ...(row.period_start ? { periodStart: row.period_start } : {}),
      ...(row.period_end ? { periodEnd: row.period_end } : {}),
      ...(row.usage_destination !== null
        ? { usage: { destination: row.usage_destination, calls: row.usage_calls ?? 0, seconds: row.usage_seconds ?? 0, bundleSeconds: row.usage_bundle_seconds ?? 0 } }
        : {}),
      ...(row.discount_id !== null ? { coupon: lineCoupon(row.discount_id, row.coupon_percent_off_basis_points, row.coupon_amount_off, row.currency) } : {}),
    });
  }
  return byInvoice;
}

/** A stored draft's line, as the issuer takes it again when the draft is re-priced. */
export type DraftLineRecord = InvoiceLineDraft;

function lineCoupon(discountId: string, percentOffBasisPoints: number | null, amountOff: string | null, currency: string): LineCoupon {
  return { discountId, value: amountOff !== null ? { amountOff: BigInt(amountOff), currency } : { percentOffBasisPoints: percentOffBasisPoints! } };
}

/** The drafts carrying a discount line of these discounts, in id order (the order they are locked in). */
export async function selectDraftsWithDiscounts(db: Queryable, discountIds: readonly string[]): Promise<string[]> {
  if (discountIds.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `SELECT DISTINCT i.id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE l.discount_id = ANY($1::uuid[]) AND i.status = 'draft' ORDER BY i.id`,
    [discountIds],
  );
  return rows.map((row) => row.id);
}

/** Removes the lines (and their tax components) of drafts about to be re-priced or deleted. */
/**
 * Writes re-priced drafts' lines and tax rows (an edit, or finalization) over the stored ones, by
 * position: a row that changed is updated in place, a new one inserted, one at a position the draft no
 * longer has deleted, and one that came out the same is not written at all (finalizing an unedited
 * draft rewrote every line and tax row before, twice over in the audit log).
 */
export async function replaceDraftLines(client: PoolClient, invoiceIds: readonly string[], lines: NewInvoiceLineRow[], taxes: NewInvoiceLineTaxRow[]): Promise<void> {
  await insertInvoiceLines(client, lines, updateChangedOnConflict('invoice_lines', 'invoice_id, position', LINE_VALUE_COLUMNS));
  await insertInvoiceLineTaxes(client, taxes, updateChangedOnConflict('invoice_line_taxes', 'invoice_id, line_position, position', LINE_TAX_VALUE_COLUMNS));
  await client.query(
    `DELETE FROM invoice_line_taxes t WHERE t.invoice_id = ANY($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[], $3::int[], $4::int[]) AS k(invoice_id, line_position, position)
                         WHERE k.invoice_id = t.invoice_id AND k.line_position = t.line_position AND k.position = t.position)`,
    [invoiceIds, taxes.map((tax) => tax.invoiceId), taxes.map((tax) => tax.linePosition), taxes.map((tax) => tax.position)],
  );
  await client.query(
    `DELETE FROM invoice_lines l WHERE l.invoice_id = ANY($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[], $3::int[]) AS k(invoice_id, position) WHERE k.invoice_id = l.invoice_id AND k.position = l.position)`,
    [invoiceIds, lines.map((line) => line.invoiceId), lines.map((line) => line.position)],
  );
}

export async function deleteDraftLines(client: PoolClient, invoiceIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM invoice_line_taxes WHERE invoice_id = ANY($1::uuid[])', [invoiceIds]);
  await client.query('DELETE FROM invoice_lines WHERE invoice_id = ANY($1::uuid[])', [invoiceIds]);
}

/** What a re-priced invoice shows (a draft edited, or finalized). */
export interface RepricedInvoiceRow {
  id: string;
  subtotal: bigint;
  tax: bigint;
  total: bigint;
  amountDue: bigint;
  taxTreatment: TaxTreatment | null;
  taxNote: string | null;
  placeOfSupply: string | null;
  taxSnapshot: TaxSnapshot | null;
}

/** Writes an edited draft: its totals and tax, and the memo and due date it was given (dueAtSet: kept at finalization). */
export async function saveDraft(client: PoolClient, draft: RepricedInvoiceRow & { memo: string | null; dueAt: Date; dueAtSet: boolean }): Promise<void> {
  await client.query(
    `UPDATE invoices SET subtotal = $2, tax = $3, total = $4, amount_due = $5, tax_treatment = $6, tax_note = $7, place_of_supply = $8, tax_snapshot = $9::jsonb,
            memo = $10, due_at = $11, due_at_set = $12, updated_at = now()
      WHERE id = $1 AND status = 'draft'`,
    [draft.id, draft.subtotal, draft.tax, draft.total, draft.amountDue, draft.taxTreatment, draft.taxNote, draft.placeOfSupply, draft.taxSnapshot === null ? null : JSON.stringify(draft.taxSnapshot),
      draft.memo, draft.dueAt, draft.dueAtSet],
  );
}

/** Finalized drafts (one UPDATE for the batch): number, totals and tax as re-priced, the state the machine finalized them to. */
export async function saveFinalizedDrafts(
  client: PoolClient,
  invoices: Array<RepricedInvoiceRow & { number: string; sequence: bigint; status: InvoiceStatus; paidAt: Date | null; dueAt: Date }>,
  finalizedAt: Date,
): Promise<void> {
  await client.query(
    `UPDATE invoices i SET number = u.number, sequence = u.sequence, status = u.status::"InvoiceStatus", subtotal = u.subtotal, tax = u.tax, total = u.total,
            amount_due = u.amount_due, paid_at = u.paid_at, due_at = u.due_at, tax_treatment = u.tax_treatment, tax_note = u.tax_note,
            place_of_supply = u.place_of_supply, tax_snapshot = u.tax_snapshot::jsonb, issued_at = $14, auto_finalize_at = NULL, updated_at = $14
       FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::timestamptz[], $10::timestamptz[],
                   $11::text[], $12::text[], $13::text[], $15::text[])
            AS u(id, number, sequence, status, subtotal, tax, total, amount_due, paid_at, due_at, tax_treatment, tax_note, place_of_supply, tax_snapshot)
      WHERE i.id = u.id AND i.status = 'draft'`,
    [
      invoices.map((invoice) => invoice.id),
      invoices.map((invoice) => invoice.number),
      invoices.map((invoice) => invoice.sequence.toString()),
      invoices.map((invoice) => invoice.status),
      invoices.map((invoice) => invoice.subtotal.toString()),
      invoices.map((invoice) => invoice.tax.toString()),
      invoices.map((invoice) => invoice.total.toString()),
      invoices.map((invoice) => invoice.amountDue.toString()),
      invoices.map((invoice) => invoice.paidAt),
      invoices.map((invoice) => invoice.dueAt),
      invoices.map((invoice) => invoice.taxTreatment),
      invoices.map((invoice) => invoice.taxNote),
      invoices.map((invoice) => invoice.placeOfSupply),
      finalizedAt,
      invoices.map((invoice) => (invoice.taxSnapshot === null ? null : JSON.stringify(invoice.taxSnapshot))),
    ],
  );
}

/** Deletes a draft (the caller holds its lock and asked the state machine); its lines and their taxes go with it. */
export async function deleteDraftInvoice(client: PoolClient, id: string): Promise<void> {
  await deleteDraftLines(client, [id]);
  await client.query(`DELETE FROM invoices WHERE id = $1 AND status = 'draft'`, [id]);
}

/** Every invoice of the customers, whatever its status (deleting a test clock). */
export async function selectInvoiceIdsOfCustomers(db: Queryable, customerIds: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM invoices WHERE customer_id = ANY($1::uuid[]) ORDER BY id', [customerIds]);
  return rows.map((row) => row.id);
}

/** Deleting a test clock: the invoices with their line taxes and lines (after payments, credit notes and pending items). */
export async function deleteInvoices(client: PoolClient, invoiceIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM invoice_line_taxes WHERE invoice_id = ANY($1::uuid[])', [invoiceIds]);
  await client.query('DELETE FROM invoice_lines WHERE invoice_id = ANY($1::uuid[])', [invoiceIds]);
  await client.query('DELETE FROM invoices WHERE id = ANY($1::uuid[])', [invoiceIds]);
}
