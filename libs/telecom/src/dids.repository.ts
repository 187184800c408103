// The number inventory (dids): all its SQL, raw pg. Numbers are stored as digits, the form CDRs
// are matched in.
import { type Keyset, type KeysetWindow, keysetSql, type Queryable } from '@nova/common';

export interface DidView {
  id: string;
  number: string;
  accountId: string | null;
  assignedAt: Date | null;
  createdAt: Date;
}

const COLUMNS = 'id, number, account_id AS "accountId", assigned_at AS "assignedAt", created_at AS "createdAt"';

/** Adds the numbers that are not in the inventory yet; returns how many were added. */
export async function insertDids(db: Queryable, numbers: readonly string[]): Promise<number> {
  const result = await db.query('INSERT INTO dids (id, number) SELECT gen_random_uuid(), n FROM unnest($1::text[]) AS n ON CONFLICT (number) DO NOTHING', [numbers]);
  return result.rowCount ?? 0;
}

export interface DidFilter {
  status?: 'available' | 'assigned';
  accountId?: string;
}

/** One keyset page of numbers (window.fetch rows, in the window's order) on dids (created_at, id). */
export async function listDids(db: Queryable, filter: DidFilter, window: KeysetWindow): Promise<DidView[]> {
  const keyset = keysetSql(window, 3);
  const { rows } = await db.query<DidView>(
    `SELECT ${COLUMNS} FROM dids
      WHERE ($1::text IS NULL OR ($1 = 'available') = (account_id IS NULL)) AND ($2::uuid IS NULL OR account_id = $2)
        AND ${keyset.where}
      ORDER BY ${keyset.order} LIMIT $9`,
    [filter.status ?? null, filter.accountId ?? null, ...keyset.values, window.fetch],
  );
  return rows;
}

/** A number's keyset position (primary key lookup), for starting_after / ending_before. */
export async function didPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM dids WHERE id = $1', [id]);
  return rows[0];
}

export async function findDid(db: Queryable, id: string): Promise<DidView | null> {
  const { rows } = await db.query<DidView>(`SELECT ${COLUMNS} FROM dids WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Assigns the number if it is available (or already the account's); null when another account holds it or it does not exist. */
export async function assignDid(db: Queryable, id: string, accountId: string): Promise<DidView | null> {
  const { rows } = await db.query<DidView>(
    `UPDATE dids SET account_id = $2, assigned_at = now() WHERE id = $1 AND (account_id IS NULL OR account_id = $2) RETURNING ${COLUMNS}`,
    [id, accountId],
  );
  return rows[0] ?? null;
}

/** Makes the number available again; null when it does not exist. */
export async function releaseDid(db: Queryable, id: string): Promise<DidView | null> {
  const { rows } = await db.query<DidView>(`UPDATE dids SET account_id = NULL, assigned_at = NULL WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
  return rows[0] ?? null;
}

/** Deleting a test clock: the accounts' numbers become available again (the inventory stays). */
export async function releaseDidsOfAccounts(db: Queryable, accountIds: readonly string[]): Promise<void> {
  await db.query('UPDATE dids SET account_id = NULL, assigned_at = NULL WHERE account_id = ANY($1::uuid[])', [accountIds]);
}
