// All SQL of the payment_provider_accounts and payment_provider_defaults tables (raw pg: webhook
// intake reads an account per delivery). Private to the collection context.
import type { PoolClient } from 'pg';
import { type Keyset, type KeysetWindow, keysetSql, type Queryable } from '@nova/common';

/** What building the account's adapter needs (ciphertexts only). */
export interface ProviderAccountRow {
  id: string;
  provider: string;
  encrypted_credentials: string;
  encrypted_webhook_secret: string | null;
  active: boolean;
}

/** An account as its administration sees it, with the currencies it is the default collector for. */
export interface ProviderAccountRecord {
  id: string;
  provider: string;
  name: string;
  active: boolean;
  encryptedCredentials: string;
  encryptedWebhookSecret: string | null;
  credentialHints: Record<string, string>;
  defaultForCurrencies: string[];
  createdAt: Date;
  updatedAt: Date;
}

const RECORD_SELECT = `SELECT a.id, a.provider, a.name, a.active, a.encrypted_credentials AS "encryptedCredentials", a.encrypted_webhook_secret AS "encryptedWebhookSecret",
         a.credential_hints AS "credentialHints", a.created_at AS "createdAt", a.updated_at AS "updatedAt",
         COALESCE((SELECT array_agg(d.currency::text ORDER BY d.currency) FROM payment_provider_defaults d WHERE d.account_id = a.id), '{}') AS "defaultForCurrencies"
    FROM payment_provider_accounts a`;

export async function findProviderAccountRow(db: Queryable, accountId: string): Promise<ProviderAccountRow | undefined> {
  const { rows } = await db.query<ProviderAccountRow>('SELECT id, provider, encrypted_credentials, encrypted_webhook_secret, active FROM payment_provider_accounts WHERE id = $1', [accountId]);
  return rows[0];
}

/** The active account marked default for `currency`. */
export async function defaultAccountIdFor(db: Queryable, currency: string): Promise<string | undefined> {
  const { rows } = await db.query<{ account_id: string }>(
    `SELECT d.account_id FROM payment_provider_defaults d JOIN payment_provider_accounts a ON a.id = d.account_id WHERE d.currency = $1 AND a.active`,
    [currency],
  );
  return rows[0]?.account_id;
}

export async function findProviderAccount(db: Queryable, id: string): Promise<ProviderAccountRecord | undefined> {
  const { rows } = await db.query<ProviderAccountRecord>(`${RECORD_SELECT} WHERE a.id = $1`, [id]);
  return rows[0];
}

/** One keyset page of the accounts (window.fetch rows, in the window's order). */
export async function listProviderAccounts(db: Queryable, window: KeysetWindow): Promise<ProviderAccountRecord[]> {
  const keyset = keysetSql(window, 1, { createdAt: 'a.created_at', id: 'a.id' });
  const { rows } = await db.query<ProviderAccountRecord>(`${RECORD_SELECT} WHERE ${keyset.where} ORDER BY ${keyset.order} LIMIT $7`, [...keyset.values, window.fetch]);
  return rows;
}

/** An account's keyset position, for starting_after / ending_before. */
export async function providerAccountPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM payment_provider_accounts WHERE id = $1', [id]);
  return rows[0];
}

export async function insertProviderAccount(
  client: PoolClient,
  account: { id: string; provider: string; name: string; encryptedCredentials: string; encryptedWebhookSecret: string | null; credentialHints: Record<string, string> },
): Promise<void> {
  await client.query(
    `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, encrypted_webhook_secret, credential_hints, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())`,
    [account.id, account.provider, account.name, account.encryptedCredentials, account.encryptedWebhookSecret, JSON.stringify(account.credentialHints)],
  );
}

export interface ProviderAccountChange {
  name?: string;
  active?: boolean;
  encryptedCredentials?: string;
  encryptedWebhookSecret?: string;
  credentialHints?: Record<string, string>;
}

/** Changes what is given; the rest stays. */
export async function updateProviderAccount(client: PoolClient, id: string, change: ProviderAccountChange): Promise<void> {
  await client.query(
    `UPDATE payment_provider_accounts SET name = COALESCE($2, name), active = COALESCE($3, active), encrypted_credentials = COALESCE($4, encrypted_credentials),
            encrypted_webhook_secret = COALESCE($5, encrypted_webhook_secret), credential_hints = COALESCE($6::jsonb, credential_hints), updated_at = now()
      WHERE id = $1`,
    [id, change.name ?? null, change.active ?? null, change.encryptedCredentials ?? null, change.encryptedWebhookSecret ?? null, change.credentialHints ? JSON.stringify(change.credentialHints) : null],
  );
}

/** Makes the account the default collector for each currency (taking it from another account). */
export async function setDefaultCurrencies(client: PoolClient, accountId: string, currencies: readonly string[]): Promise<void> {
  if (currencies.length === 0) return;
  await client.query(
    `INSERT INTO payment_provider_defaults (currency, account_id) SELECT DISTINCT unnest($2::text[]), $1::uuid
     ON CONFLICT (currency) DO UPDATE SET account_id = EXCLUDED.account_id`,
    [accountId, currencies],
  );
}

/** Stops the account being the default for any currency except `keep`. */
export async function clearDefaultCurrencies(client: PoolClient, accountId: string, keep: readonly string[] = []): Promise<void> {
  await client.query('DELETE FROM payment_provider_defaults WHERE account_id = $1 AND NOT (currency = ANY($2::text[]))', [accountId, keep]);
}

export async function deleteProviderAccount(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM payment_provider_accounts WHERE id = $1', [id]);
}
