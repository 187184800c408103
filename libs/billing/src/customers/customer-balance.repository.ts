// All SQL of customer_balances and customer_balance_transactions: the customers context owns a
// customer's credit. A movement locks the (customer, currency) balance row, so concurrent movements
// of one balance queue up and every ledger row's ending balance is exact. Private to the
// customers context: other code goes through ./index.ts.
import { type Keyset, type KeysetWindow, keysetSql, Queryable } from '@nova/common';
import type { BalanceTransactionType } from '@nova/domain';

export interface BalanceTransactionRecord {
  id: string;
  customerId: string;
  currency: string;
  /** Minor units: positive grants credit, negative uses it. */
  amount: bigint;
  endingBalance: bigint;
  type: BalanceTransactionType;
  reason: string | null;
  invoiceId: string | null;
  paymentId: string | null;
  creditNoteId: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

export interface CustomerBalanceRecord {
  currency: string;
  balance: bigint;
}

interface TransactionRow extends Omit<BalanceTransactionRecord, 'amount' | 'endingBalance'> {
  amount: string;
  endingBalance: string;
}

const COLUMNS = `id, customer_id AS "customerId", currency, amount::text AS amount, ending_balance::text AS "endingBalance", type, reason,
                 invoice_id AS "invoiceId", payment_id AS "paymentId", credit_note_id AS "creditNoteId", metadata, created_at AS "createdAt"`;

const toRecord = (row: TransactionRow): BalanceTransactionRecord => ({ ...row, amount: BigInt(row.amount), endingBalance: BigInt(row.endingBalance) });

/**
 * The customer's credit in `currency`, locked for the rest of the caller's transaction (a balance
 * row is created at zero the first time, so there is always a row to lock).
 */
export async function lockCustomerBalance(client: Queryable, customerId: string, currency: string): Promise<bigint> {
  await client.query('INSERT INTO customer_balances (customer_id, currency) VALUES ($1, $2) ON CONFLICT (customer_id, currency) DO NOTHING', [customerId, currency]);
  const { rows } = await client.query<{ balance: string }>('SELECT balance::text AS balance FROM customer_balances WHERE customer_id = $1 AND currency = $2 FOR UPDATE', [customerId, currency]);
  return BigInt(rows[0]!.balance);
}

export interface NewBalanceTransaction {
  customerId: string;
  currency: string;
  amount: bigint;
  type: BalanceTransactionType;
  reason?: string | null;
  invoiceId?: string | null;
  paymentId?: string | null;
  creditNoteId?: string | null;
  metadata?: Record<string, unknown>;
}

/**
 * Sets the locked balance to `endingBalance` and appends the movement that got it there. Stamped
 * with the clock, not the transaction's start: movements of one transaction list in the order made.
 */
export async function appendBalanceTransaction(client: Queryable, entry: NewBalanceTransaction, endingBalance: bigint): Promise<BalanceTransactionRecord> {
  await client.query('UPDATE customer_balances SET balance = $3, updated_at = now() WHERE customer_id = $1 AND currency = $2', [entry.customerId, entry.currency, endingBalance]);
  const { rows } = await client.query<TransactionRow>(
    `INSERT INTO customer_balance_transactions (id, customer_id, currency, amount, ending_balance, type, reason, invoice_id, payment_id, credit_note_id, metadata, created_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::"BalanceTransactionType", $6, $7, $8, $9, coalesce($10::jsonb, '{}'), clock_timestamp())
     RETURNING ${COLUMNS}`,
    [
      entry.customerId,
      entry.currency,
      entry.amount,
      endingBalance,
      entry.type,
      entry.reason ?? null,
      entry.invoiceId ?? null,
      entry.paymentId ?? null,
      entry.creditNoteId ?? null,
      entry.metadata === undefined ? null : JSON.stringify(entry.metadata),
    ],
  );
  return toRecord(rows[0]!);
}

/** Every currency the customer has ever held credit in, with what is held now. */
export async function selectCustomerBalances(db: Queryable, customerId: string): Promise<CustomerBalanceRecord[]> {
  const { rows } = await db.query<{ currency: string; balance: string }>('SELECT currency, balance::text AS balance FROM customer_balances WHERE customer_id = $1 ORDER BY currency', [customerId]);
  return rows.map((row) => ({ currency: row.currency, balance: BigInt(row.balance) }));
}

/** One keyset page of a customer's ledger, newest first. */
export async function selectBalanceTransactionPage(db: Queryable, customerId: string, window: KeysetWindow): Promise<BalanceTransactionRecord[]> {
  const keyset = keysetSql(window, 2);
  const { rows } = await db.query<TransactionRow>(
    `SELECT ${COLUMNS} FROM customer_balance_transactions WHERE customer_id = $1 AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $8`,
    [customerId, ...keyset.values, window.fetch],
  );
  return rows.map(toRecord);
}

/** A ledger row's keyset position within the customer's ledger, for starting_after / ending_before. */
export async function balanceTransactionPosition(db: Queryable, customerId: string, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM customer_balance_transactions WHERE id = $1 AND customer_id = $2', [id, customerId]);
  return rows[0];
}

// --- Set-based movements (the billing run: a constant number of statements per batch) ---

/** A (customer, currency) balance a batch needs; `ensureRow`: the batch credits it, so it must exist even at zero. */
export interface BalanceKey {
  customerId: string;
  currency: string;
  ensureRow: boolean;
}

/**
 * ONE statement (two when some balance must be created first): locks, in key order (no deadlock
 * between batches), the balances of `keys` that hold credit or that `ensureRow` asks for, and
 * returns them keyed by `customerId:currency`. Balances at zero are neither locked nor returned.
 */
export async function lockCustomerBalances(client: Queryable, keys: BalanceKey[]): Promise<Map<string, bigint>> {
  const created = keys.filter((key) => key.ensureRow);
  if (created.length > 0) {
    await client.query(
      `INSERT INTO customer_balances (customer_id, currency) SELECT * FROM unnest($1::uuid[], $2::char(3)[]) ORDER BY 1, 2 ON CONFLICT (customer_id, currency) DO NOTHING`,
      [created.map((key) => key.customerId), created.map((key) => key.currency)],
    );
  }
  const { rows } = await client.query<{ customer_id: string; currency: string; balance: string }>(
    `SELECT b.customer_id, b.currency, b.balance::text AS balance
       FROM customer_balances b
       JOIN unnest($1::uuid[], $2::char(3)[], $3::bool[]) AS k(customer_id, currency, ensure_row) ON k.customer_id = b.customer_id AND k.currency = b.currency
      WHERE b.balance > 0 OR k.ensure_row
      ORDER BY b.customer_id, b.currency
        FOR UPDATE OF b`,
    [keys.map((key) => key.customerId), keys.map((key) => key.currency), keys.map((key) => key.ensureRow)],
  );
  return new Map(rows.map((row) => [balanceKey(row.customer_id, row.currency), BigInt(row.balance)]));
}

export const balanceKey = (customerId: string, currency: string): string => `${customerId}:${currency}`;

/**
 * Appends movements of balances the caller locked, in the given order (each with its own ending
 * balance), and sets every balance to its last movement's: two statements for the whole batch.
 */
export async function appendBalanceTransactions(client: Queryable, entries: Array<NewBalanceTransaction & { endingBalance: bigint }>): Promise<void> {
  if (entries.length === 0) return;
  const last = new Map(entries.map((entry) => [balanceKey(entry.customerId, entry.currency), entry]));
  await client.query(
    `UPDATE customer_balances b SET balance = u.balance, updated_at = now()
       FROM unnest($1::uuid[], $2::char(3)[], $3::bigint[]) AS u(customer_id, currency, balance)
      WHERE b.customer_id = u.customer_id AND b.currency = u.currency`,
    [[...last.values()].map((entry) => entry.customerId), [...last.values()].map((entry) => entry.currency), [...last.values()].map((entry) => entry.endingBalance.toString())],
  );
  // Rows are inserted in the batch's order; stamps of one batch may share a millisecond (their ending balances still chain).
  await client.query(
    `INSERT INTO customer_balance_transactions (id, customer_id, currency, amount, ending_balance, type, invoice_id, payment_id, created_at)
     SELECT gen_random_uuid(), u.customer_id, u.currency, u.amount, u.ending_balance, u.type::"BalanceTransactionType", u.invoice_id, u.payment_id, clock_timestamp()
       FROM unnest($1::uuid[], $2::char(3)[], $3::bigint[], $4::bigint[], $5::text[], $6::uuid[], $7::uuid[]) WITH ORDINALITY
            AS u(customer_id, currency, amount, ending_balance, type, invoice_id, payment_id, position)
      ORDER BY u.position`,
    [
      entries.map((entry) => entry.customerId),
      entries.map((entry) => entry.currency),
      entries.map((entry) => entry.amount.toString()),
      entries.map((entry) => entry.endingBalance.toString()),
      entries.map((entry) => entry.type),
      entries.map((entry) => entry.invoiceId ?? null),
      entries.map((entry) => entry.paymentId ?? null),
    ],
  );
}

/** What a payment's overpayment movements net to: the credit it still stands behind. */
export async function overpaymentCreditOf(client: Queryable, paymentId: string): Promise<bigint> {
  const { rows } = await client.query<{ credit: string }>(
    `SELECT COALESCE(SUM(amount), 0)::text AS credit FROM customer_balance_transactions WHERE payment_id = $1 AND type = 'overpayment'`,
    [paymentId],
  );
  return BigInt(rows[0]!.credit);
}

/** Deleting a test clock: every balance movement and balance row of the customers (before their invoices, payments and credit notes). */
export async function deleteBalancesOfCustomers(client: Queryable, customerIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM customer_balance_transactions WHERE customer_id = ANY($1::uuid[])', [customerIds]);
  await client.query('DELETE FROM customer_balances WHERE customer_id = ANY($1::uuid[])', [customerIds]);
}
