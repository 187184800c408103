// All SQL of credit_notes and credit_note_sequence. Private to the invoicing context.
import type { PoolClient } from 'pg';
import { type Keyset, type KeysetWindow, keysetSql, Queryable } from '@nova/common';
import type { CreditNoteReason, CreditNoteStatus } from '@nova/domain';

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
  metadata: Record<string, unknown>;
  createdAt: Date;
  voidedAt: Date | null;
}

export interface CreditNoteTaxComponent {
  code: string;
  percentage: string;
  amount: bigint;
}

type Row = Omit<CreditNoteRecord, 'amount' | 'taxAmount' | 'prePaymentAmount' | 'postPaymentAmount' | 'taxComponents'> & {
  amount: string;
  taxAmount: string;
  prePaymentAmount: string;
  postPaymentAmount: string;
  /** jsonb: amounts as text, so no minor unit is lost to a JS number. */
  taxComponents: { code: string; percentage: string; amount: string }[];
};

const COLUMNS = `id, number, invoice_id AS "invoiceId", customer_id AS "customerId", currency, status, reason, memo, amount::text AS amount,
  tax_amount::text AS "taxAmount", tax_components AS "taxComponents", pre_payment_amount::text AS "prePaymentAmount", post_payment_amount::text AS "postPaymentAmount",
  metadata, created_at AS "createdAt", voided_at AS "voidedAt"`;

const toRecord = (row: Row): CreditNoteRecord => ({
  ...row,
  amount: BigInt(row.amount),
  taxAmount: BigInt(row.taxAmount),
  taxComponents: row.taxComponents.map((component) => ({ code: component.code, percentage: component.percentage, amount: BigInt(component.amount) })),
  prePaymentAmount: BigInt(row.prePaymentAmount),
  postPaymentAmount: BigInt(row.postPaymentAmount),
});

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
  metadata: Record<string, unknown>;
}

export async function insertCreditNote(client: PoolClient, note: NewCreditNoteRow): Promise<CreditNoteRecord> {
  const { rows } = await client.query<Row>(
    `INSERT INTO credit_notes (id, number, sequence, invoice_id, customer_id, currency, reason, memo, amount, tax_amount, pre_payment_amount, post_payment_amount, metadata, tax_components)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb)
     RETURNING ${COLUMNS}`,
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
      JSON.stringify(note.taxComponents.map((component) => ({ ...component, amount: component.amount.toString() }))),
    ],
  );
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
