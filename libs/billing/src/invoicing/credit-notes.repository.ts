// All SQL of credit_notes and credit_note_sequence. Private to the invoicing context.
import type { PoolClient } from 'pg';
import { type Keyset, type KeysetWindow, keysetSql, Queryable } from '@nova/common';
import type { CreditNoteReason, CreditNoteRefundStatus, CreditNoteStatus, CreditableInvoiceLine, PlannedCreditNoteLine } from '@nova/domain';

export interface CreditNoteRecord {
  id: string;
  number: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  status: CreditNoteStatus;
  reason: CreditNoteReason;
  memo: string | null;
  amount: bigint;
  taxAmount: bigint;
  /** taxAmount per component of the invoice's tax (CGST and SGST, IGST, VAT …); empty for invoices without tax lines. */
  taxComponents: CreditNoteTaxComponent[];
  prePaymentAmount: bigint;
  postPaymentAmount: bigint;
  /** Of postPaymentAmount: to the balance, refunded through the provider payment, given back outside NovaBilling. */
  creditAmount: bigint;
  refundAmount: bigint;
  outOfBandAmount: bigint;
  refundStatus: CreditNoteRefundStatus | null;
  refundPaymentId: string | null;
  refundId: string | null;
  refundFailure: string | null;
  /** Per-line notes: what each line credited; empty for a note of an amount. */
  lines: CreditNoteLineRecord[];
  metadata: Record<string, unknown>;
  createdAt: Date;
  voidedAt: Date | null;
}

export interface CreditNoteLineRecord {
  invoiceLineId: string;
  description: string;
  quantity: number | null;
  taxable: bigint;
  taxAmount: bigint;
  amount: bigint;
  taxes: CreditNoteTaxComponent[];
}

export interface CreditNoteTaxComponent {
  code: string;
  percentage: string;
  amount: bigint;
}

type Row = Omit<CreditNoteRecord, 'amount' | 'taxAmount' | 'prePaymentAmount' | 'postPaymentAmount' | 'taxComponents' | 'creditAmount' | 'refundAmount' | 'outOfBandAmount' | 'lines'> & {
  amount: string;
  taxAmount: string;
  prePaymentAmount: string;
  postPaymentAmount: string;
  creditAmount: string;
  refundAmount: string;
  outOfBandAmount: string;
  lines: { invoiceLineId: string; description: string; quantity: number | null; taxable: string; taxAmount: string; amount: string; taxes: { code: string; percentage: string; amount: string }[] }[] | null;
  /** jsonb: amounts as text, so no minor unit is lost to a JS number. */
  taxComponents: { code: string; percentage: string; amount: string }[];
};

const COLUMNS = `id, number, invoice_id AS "invoiceId", customer_id AS "customerId", currency, status, reason, memo, amount::text AS amount,
  tax_amount::text AS "taxAmount", tax_components AS "taxComponents", pre_payment_amount::text AS "prePaymentAmount", post_payment_amount::text AS "postPaymentAmount",
  credit_amount::text AS "creditAmount", refund_amount::text AS "refundAmount", out_of_band_amount::text AS "outOfBandAmount",
  refund_status AS "refundStatus", refund_payment_id AS "refundPaymentId", refund_id AS "refundId", refund_failure AS "refundFailure",
  (SELECT jsonb_agg(jsonb_build_object('invoiceLineId', l.invoice_line_id, 'description', l.description, 'quantity', l.quantity, 'taxable', l.taxable::text,
          'taxAmount', l.tax_amount::text, 'amount', l.amount::text, 'taxes', l.taxes) ORDER BY l.position)
     FROM credit_note_lines l WHERE l.credit_note_id = credit_notes.id) AS lines,
  metadata, created_at AS "createdAt", voided_at AS "voidedAt"`;

const toComponents = (components: { code: string; percentage: string; amount: string }[]): CreditNoteTaxComponent[] =>
  components.map((component) => ({ code: component.code, percentage: component.percentage, amount: BigInt(component.amount) }));

const toRecord = (row: Row): CreditNoteRecord => ({
  ...row,
  amount: BigInt(row.amount),
  taxAmount: BigInt(row.taxAmount),
  taxComponents: toComponents(row.taxComponents),
  prePaymentAmount: BigInt(row.prePaymentAmount),
  postPaymentAmount: BigInt(row.postPaymentAmount),
  creditAmount: BigInt(row.creditAmount),
  refundAmount: BigInt(row.refundAmount),
  outOfBandAmount: BigInt(row.outOfBandAmount),
  lines: (row.lines ?? []).map((line) => ({
    invoiceLineId: line.invoiceLineId,
    description: line.description,
    quantity: line.quantity,
    taxable: BigInt(line.taxable),
    taxAmount: BigInt(line.taxAmount),
    amount: BigInt(line.amount),
    taxes: toComponents(line.taxes),
  })),
});

const componentsJson = (components: readonly { code: string; percentage: string; amount: bigint }[]) =>
  JSON.stringify(components.map((component) => ({ code: component.code, percentage: component.percentage, amount: component.amount.toString() })));

/** The next credit note number; gapless inside the caller's transaction (a rollback gives it back). */
export async function reserveCreditNoteSequence(client: PoolClient): Promise<bigint> {
  const { rows } = await client.query<{ taken: string }>('UPDATE credit_note_sequence SET next = next + 1 WHERE id = 1 RETURNING next - 1 AS taken');
  return BigInt(rows[0]!.taken);
}

export interface NewCreditNoteRow {
  number: string;
  sequence: bigint;
  invoiceId: string;
  customerId: string;
  currency: string;
  reason: CreditNoteReason;
  memo: string | null;
  amount: bigint;
  taxAmount: bigint;
  taxComponents: CreditNoteTaxComponent[];
  prePaymentAmount: bigint;
  postPaymentAmount: bigint;
  creditAmount: bigint;
  refundAmount: bigint;
  outOfBandAmount: bigint;
  /** The provider payment a refund goes through (refundAmount > 0). */
  refundPaymentId: string | null;
  lines: readonly PlannedCreditNoteLine[];
  metadata: Record<string, unknown>;
}

/** Writes the note and its lines; a note with a refund starts `pending` (the worker refunds it: refundCreditNote). */
export async function insertCreditNote(client: PoolClient, note: NewCreditNoteRow): Promise<CreditNoteRecord> {
  const { rows: inserted } = await client.query<{ id: string }>(
    `INSERT INTO credit_notes (id, number, sequence, invoice_id, customer_id, currency, reason, memo, amount, tax_amount, pre_payment_amount, post_payment_amount, metadata, tax_components,
                               credit_amount, refund_amount, out_of_band_amount, refund_payment_id, refund_status)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14, $15, $16, $17, CASE WHEN $15::bigint > 0 THEN 'pending' END)
     RETURNING id`,
    [
      note.number,
      note.sequence,
      note.invoiceId,
      note.customerId,
      note.currency,
      note.reason,
      note.memo,
      note.amount,
      note.taxAmount,
      note.prePaymentAmount,
      note.postPaymentAmount,
      JSON.stringify(note.metadata),
      componentsJson(note.taxComponents),
      note.creditAmount,
      note.refundAmount,
      note.outOfBandAmount,
      note.refundPaymentId,
    ],
  );
  const id = inserted[0]!.id;
  if (note.lines.length > 0) {
    await client.query(
      `INSERT INTO credit_note_lines (id, credit_note_id, position, invoice_line_id, description, quantity, taxable, tax_amount, amount, taxes)
       SELECT gen_random_uuid(), $1, l.position - 1, l.invoice_line_id, l.description, l.quantity, l.taxable, l.tax_amount, l.amount, l.taxes
         FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[], $6::bigint[], $7::bigint[], $8::jsonb[]) WITH ORDINALITY
              AS l(invoice_line_id, description, quantity, taxable, tax_amount, amount, taxes, position)`,
      [
        id,
        note.lines.map((line) => line.invoiceLineId),
        note.lines.map((line) => line.description),
        note.lines.map((line) => line.quantity),
        note.lines.map((line) => line.taxable),
        note.lines.map((line) => line.taxAmount),
        note.lines.map((line) => line.amount),
        note.lines.map((line) => componentsJson(line.taxes)),
      ],
    );
  }
  const { rows } = await client.query<Row>(`SELECT ${COLUMNS} FROM credit_notes WHERE id = $1`, [id]);
  return toRecord(rows[0]!);
}

/**
 * An invoice's lines as a per-line credit note sees them: taxable value, tax per component, and
 * what earlier credit notes (not void) took of each.
 */
export async function selectCreditableInvoiceLines(db: Queryable, invoiceId: string): Promise<CreditableInvoiceLine[]> {
  const { rows } = await db.query<{
    id: string;
    description: string;
    quantity: number;
    taxable: string;
    taxes: { code: string; percentage: string; amount: string }[];
    credited_taxable: string;
    credited_taxes: { code: string; percentage: string; amount: string }[];
  }>(
    `SELECT l.id, l.description, l.quantity, coalesce(l.taxable_amount, l.amount)::text AS taxable,
            coalesce((SELECT jsonb_agg(jsonb_build_object('code', t.code, 'percentage', t.percentage, 'amount', t.amount::text) ORDER BY t.position)
                        FROM invoice_line_taxes t WHERE t.invoice_id = l.invoice_id AND t.line_position = l.position), '[]') AS taxes,
            coalesce((SELECT sum(c.taxable) FROM credit_note_lines c JOIN credit_notes n ON n.id = c.credit_note_id
                       WHERE c.invoice_line_id = l.id AND n.status <> 'void'), 0)::text AS credited_taxable,
            coalesce((SELECT jsonb_agg(jsonb_build_object('code', x.code, 'percentage', x.percentage, 'amount', x.amount::text))
                        FROM (SELECT tax->>'code' AS code, tax->>'percentage' AS percentage, sum((tax->>'amount')::bigint) AS amount
                                FROM credit_note_lines c JOIN credit_notes n ON n.id = c.credit_note_id, jsonb_array_elements(c.taxes) tax
                               WHERE c.invoice_line_id = l.id AND n.status <> 'void' GROUP BY 1, 2) x), '[]') AS credited_taxes
       FROM invoice_lines l WHERE l.invoice_id = $1 ORDER BY l.position`,
    [invoiceId],
  );
  return rows.map((row) => ({
    id: row.id,
    description: row.description,
    quantity: row.quantity,
    taxable: BigInt(row.taxable),
    taxes: toComponents(row.taxes),
    credited: { taxable: BigInt(row.credited_taxable), taxes: toComponents(row.credited_taxes) },
  }));
}

/** What credit notes of an invoice have refunded through the provider (settled): counted both as refunded and as credited on the invoice. */
export async function sumCreditNoteRefunds(db: Queryable, invoiceId: string): Promise<bigint> {
  const { rows } = await db.query<{ refunded: string }>(
    `SELECT coalesce(sum(refund_amount), 0)::text AS refunded FROM credit_notes WHERE invoice_id = $1 AND status <> 'void' AND refund_status = 'succeeded'`,
    [invoiceId],
  );
  return BigInt(rows[0]!.refunded);
}

/** Credit notes whose refund is still pending, created before `olderThan` (the sweep queues them again). */
export async function selectPendingCreditNoteRefunds(db: Queryable, olderThan: Date, limit = 500): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM credit_notes WHERE refund_status = 'pending' AND created_at < $1 ORDER BY created_at LIMIT $2`,
    [olderThan, limit],
  );
  return rows.map((row) => row.id);
}

/** The credit note whose refund part is this refund, if any (a refund belongs to at most one note). */
export async function selectCreditNoteIdByRefund(db: Queryable, refundId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM credit_notes WHERE refund_id = $1', [refundId]);
  return rows[0]?.id;
}

export async function saveCreditNoteRefund(
  client: PoolClient,
  id: string,
  refund: { refundId?: string; status?: CreditNoteRefundStatus; failure?: string | null },
): Promise<CreditNoteRecord> {
  await client.query(
    `UPDATE credit_notes SET refund_id = coalesce($2, refund_id), refund_status = coalesce($3, refund_status), refund_failure = coalesce($4, refund_failure) WHERE id = $1`,
    [id, refund.refundId ?? null, refund.status ?? null, refund.failure ?? null],
  );
  const { rows } = await client.query<Row>(`SELECT ${COLUMNS} FROM credit_notes WHERE id = $1`, [id]);
  return toRecord(rows[0]!);
}

export async function lockCreditNote(client: PoolClient, id: string): Promise<CreditNoteRecord | undefined> {
  const { rows } = await client.query<Row>(`SELECT ${COLUMNS} FROM credit_notes WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] && toRecord(rows[0]);
}

export async function markCreditNoteVoid(client: PoolClient, id: string, at: Date): Promise<CreditNoteRecord> {
  const { rows } = await client.query<Row>(`UPDATE credit_notes SET status = 'void', voided_at = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [id, at]);
  return toRecord(rows[0]!);
}

export async function findCreditNote(db: Queryable, id: string): Promise<CreditNoteRecord | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM credit_notes WHERE id = $1`, [id]);
  return rows[0] && toRecord(rows[0]);
}

export interface CreditNoteFilter {
  invoiceId?: string;
  customerId?: string;
}

export async function selectCreditNotePage(db: Queryable, filter: CreditNoteFilter, window: KeysetWindow): Promise<CreditNoteRecord[]> {
  const keyset = keysetSql(window, 3);
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM credit_notes
      WHERE ($1::uuid IS NULL OR invoice_id = $1) AND ($2::uuid IS NULL OR customer_id = $2) AND ${keyset.where}
      ORDER BY ${keyset.order} LIMIT $9`,
    [filter.invoiceId ?? null, filter.customerId ?? null, ...keyset.values, window.fetch],
  );
  return rows.map(toRecord);
}

export async function creditNotePosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM credit_notes WHERE id = $1', [id]);
  return rows[0];
}

/** Deleting a test clock: the customers' credit notes and their lines (after the balance movements that point at them). */
export async function deleteCreditNotesOfCustomers(client: PoolClient, customerIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM credit_note_lines WHERE credit_note_id IN (SELECT id FROM credit_notes WHERE customer_id = ANY($1::uuid[]))', [customerIds]);
  await client.query('DELETE FROM credit_notes WHERE customer_id = ANY($1::uuid[])', [customerIds]);
}
