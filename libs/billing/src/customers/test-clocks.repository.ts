// All SQL of the test_clocks table (Stripe's test clocks, test mode only). Owned by the customers
// context: a clock is what its customers live by. Also the one definition of a clock's scope as SQL
// (`clockScopeSql`), which the billing cycle, dunning and reminders filter their selections by, and of
// how a new subscription or invoice takes its customer's clock (`customerClockIdSql`).
import type { PoolClient } from 'pg';
import { type Keyset, type KeysetWindow, type Queryable, keysetSql } from '@nova/common';
import type { TestClockState, TestClockStatus } from '@nova/domain';

export interface TestClockRecord {
  id: string;
  name: string | null;
  frozenTime: Date;
  status: TestClockStatus;
  advancingTo: Date | null;
  failure: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Which customers a billing run acts for: those on no clock (the wall-time cycle), or those of one
 * clock (its advance). A clock's customers are never billed on wall time.
 */
export type ClockScope = { readonly testClockId: null } | { readonly testClockId: string };

export const WALL_CLOCK_SCOPE: ClockScope = { testClockId: null };

/**
 * The scope as a condition on a row's own test_clock_id column (subscriptions and invoices carry their
 * customer's, copied at creation by customerClockIdSql), with the clock id (or null) as parameter `param`
 * (e.g. '$4'): a comparison of a column the claim reads anyway, no customer lookup per row (live
 * databases have no clocks, and their claims should not pay for them).
 */
export function clockScopeSql(testClockIdColumn: string, param: string): string {
  return `${testClockIdColumn} IS NOT DISTINCT FROM ${param}::uuid`;
}

/**
 * The clock of the customer `customerIdExpression` names, as an expression for the INSERT of a row
 * that carries it (one primary-key lookup per row created, never per claim). A customer's clock is
 * set at its creation and never changes, so the copy cannot go stale.
 */
export function customerClockIdSql(customerIdExpression: string): string {
  return `(SELECT c.test_clock_id FROM customers c WHERE c.id = ${customerIdExpression})`;
}

const COLUMNS = `id, name, frozen_time AS "frozenTime", status, advancing_to AS "advancingTo", failure, created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function insertTestClock(db: Queryable, input: { name: string | null; frozenTime: Date }): Promise<TestClockRecord> {
  const { rows } = await db.query<TestClockRecord>(
    `INSERT INTO test_clocks (id, name, frozen_time, status, updated_at) VALUES (gen_random_uuid(), $1, $2, 'ready', now()) RETURNING ${COLUMNS}`,
    [input.name, input.frozenTime],
  );
  return rows[0]!;
}

/** The clock, or undefined. */
export async function findTestClock(db: Queryable, id: string): Promise<TestClockRecord | undefined> {
  const { rows } = await db.query<TestClockRecord>(`SELECT ${COLUMNS} FROM test_clocks WHERE id = $1`, [id]);
  return rows[0];
}

/** The clock locked for the caller's transaction (its state is about to change); undefined when unknown. */
export async function lockTestClock(client: PoolClient, id: string): Promise<TestClockRecord | undefined> {
  const { rows } = await client.query<TestClockRecord>(`SELECT ${COLUMNS} FROM test_clocks WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0];
}

export async function saveTestClockState(client: PoolClient, id: string, state: TestClockState, failure: string | null = null): Promise<TestClockRecord> {
  const { rows } = await client.query<TestClockRecord>(
    `UPDATE test_clocks SET status = $2::"TestClockStatus", frozen_time = $3, advancing_to = $4, failure = $5, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, state.status, state.frozenTime, state.advancingTo, failure?.slice(0, 500) ?? null],
  );
  return rows[0]!;
}

/** Deletes the clock row (its customers, which point at it, were deleted first). */
export async function deleteTestClockRow(client: PoolClient, id: string): Promise<void> {
  await client.query('DELETE FROM test_clocks WHERE id = $1', [id]);
}

/** One keyset page in (created_at DESC, id DESC) order, fetching limit + 1 rows. */
export async function selectTestClockPage(db: Queryable, window: KeysetWindow): Promise<TestClockRecord[]> {
  const keyset = keysetSql(window, 1);
  const { rows } = await db.query<TestClockRecord>(
    `SELECT ${COLUMNS} FROM test_clocks WHERE ${keyset.where} ORDER BY ${keyset.order} LIMIT $7`,
    [...keyset.values, window.fetch],
  );
  return rows;
}

export async function testClockPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM test_clocks WHERE id = $1', [id]);
  return rows[0];
}

/** The ids of the clock's customers. */
export async function selectClockCustomerIds(db: Queryable, testClockId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM customers WHERE test_clock_id = $1 ORDER BY created_at, id', [testClockId]);
  return rows.map((row) => row.id);
}

/** The frozen time of the clock a customer lives by, or null for a customer on the wall clock. */
export async function customerClockTime(db: Queryable, customerId: string): Promise<Date | null> {
  const { rows } = await db.query<{ frozen_time: Date }>('SELECT t.frozen_time FROM customers c JOIN test_clocks t ON t.id = c.test_clock_id WHERE c.id = $1', [customerId]);
  return rows[0]?.frozen_time ?? null;
}
