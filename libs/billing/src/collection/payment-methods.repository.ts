// All SQL of the payment_methods table (raw pg: a settling payment saves its card in the
// settlement's transaction). Private to the collection context.
import type { PoolClient } from 'pg';
import { type Keyset, type KeysetWindow, keysetSql, type Queryable } from '@nova/common';

/**
 * SQL condition: the customer in `customerIdColumn` has a default method on an active provider
 * account, i.e. automatic charges collect their invoices (and reminders leave them alone).
 */
export const hasCollectableMethod = (customerIdColumn: string) =>
  `EXISTS (SELECT 1 FROM payment_methods pm JOIN payment_provider_accounts a ON a.id = pm.account_id AND a.active
           WHERE pm.customer_id = ${customerIdColumn} AND pm.is_default)`;

/** A method ready to store: nothing in it can move money without the encryption key. */
export interface SealedMethod {
  readonly encryptedToken: string;
  readonly tokenHint: string;
  readonly tokenFingerprint: string;
  readonly providerCustomerId: string | null;
}

/** A saved method as the API shows it (never its token). */
export interface PaymentMethodRecord {
  id: string;
  customerId: string;
  accountId: string;
  tokenHint: string;
  isDefault: boolean;
  createdAt: Date;
}

const RECORD_COLUMNS = 'id, customer_id AS "customerId", account_id AS "accountId", token_hint AS "tokenHint", is_default AS "isDefault", created_at AS "createdAt"';

/**
 * Saves `method` as the customer's default (the newest method is the default). The same token
 * saved again, by hand or by another webhook, keeps its row and changes nothing. Run inside a
 * transaction: the default moves atomically.
 */
export async function saveCustomerMethod(client: PoolClient, customerId: string, accountId: string, method: SealedMethod): Promise<{ id: string; created: boolean }> {
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO payment_methods (id, customer_id, account_id, encrypted_token, token_hint, token_fingerprint, provider_customer_id, is_default)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, true)
     ON CONFLICT (customer_id, account_id, token_fingerprint) DO NOTHING
     RETURNING id`,
    [customerId, accountId, method.encryptedToken, method.tokenHint, method.tokenFingerprint, method.providerCustomerId],
  );
  const created = inserted.rows[0];
  if (created) {
    await client.query('UPDATE payment_methods SET is_default = false WHERE customer_id = $1 AND id <> $2 AND is_default', [customerId, created.id]);
    return { id: created.id, created: true };
  }
  const { rows } = await client.query<{ id: string }>(
    'SELECT id FROM payment_methods WHERE customer_id = $1 AND account_id = $2 AND token_fingerprint = $3',
    [customerId, accountId, method.tokenFingerprint],
  );
  return { id: rows[0]!.id, created: false };
}

/** The customer's default method on an active account, sealed, for an off-session charge. */
export async function defaultMethodOf(db: Queryable, customerId: string): Promise<{ account_id: string; encrypted_token: string; provider_customer_id: string | null } | undefined> {
  const { rows } = await db.query<{ account_id: string; encrypted_token: string; provider_customer_id: string | null }>(
    `SELECT pm.account_id, pm.encrypted_token, pm.provider_customer_id FROM payment_methods pm
       JOIN payment_provider_accounts a ON a.id = pm.account_id AND a.active
      WHERE pm.customer_id = $1 AND pm.is_default ORDER BY pm.created_at DESC LIMIT 1`,
    [customerId],
  );
  return rows[0];
}

export async function findPaymentMethod(db: Queryable, id: string): Promise<PaymentMethodRecord | undefined> {
  const { rows } = await db.query<PaymentMethodRecord>(`SELECT ${RECORD_COLUMNS} FROM payment_methods WHERE id = $1`, [id]);
  return rows[0];
}

/** Newest first (the first is the default). */
/** One keyset page of the customer's methods (window.fetch rows, in the window's order) on payment_methods (customer_id, created_at, id). */
export async function paymentMethodsOf(db: Queryable, customerId: string, window: KeysetWindow): Promise<PaymentMethodRecord[]> {
  const keyset = keysetSql(window, 2);
  const { rows } = await db.query<PaymentMethodRecord>(
    `SELECT ${RECORD_COLUMNS} FROM payment_methods WHERE customer_id = $1 AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $8`,
    [customerId, ...keyset.values, window.fetch],
  );
  return rows;
}

/** A saved method's keyset position among the customer's (primary key lookup), for starting_after / ending_before. */
export async function paymentMethodPosition(db: Queryable, customerId: string, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM payment_methods WHERE id = $1 AND customer_id = $2', [id, customerId]);
  return rows[0];
}

/** False when the customer has no such method. */
export async function deletePaymentMethod(db: Queryable, customerId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM payment_methods WHERE id = $1 AND customer_id = $2', [id, customerId]);
  return (rowCount ?? 0) > 0;
}

/** Deleting a test clock: the customers' saved payment methods. */
export async function deletePaymentMethodsOfCustomers(client: PoolClient, customerIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM payment_methods WHERE customer_id = ANY($1::uuid[])', [customerIds]);
}
