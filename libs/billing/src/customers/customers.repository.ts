// All SQL of the customers table, raw pg. Customer reads are the API's hottest path (every
// integration lists and fetches customers), and Prisma's query compiler costs more CPU than the
// query itself: the two reads are named prepared statements, measured by the API benchmark.
// Writes translate database errors through withDomainErrors (@nova/common): a duplicate externalId
// is a 409 naming externalId (e-mail addresses are not unique). Private to the customers context.
import type { Pool } from 'pg';
import { type Keyset, type KeysetWindow, keysetSql, type PageRequest, Queryable, withDomainErrors } from '@nova/common';
import { type CustomerTaxStatus, DomainError } from '@nova/domain';
import type { CustomerRecord } from './customers.types';

const COLUMNS = `id, external_id AS "externalId", name, email, phone, currency, address, tax_id AS "taxId", metadata,
                 payment_terms_days AS "paymentTermsDays", tax_status AS "taxStatus", test_clock_id AS "testClockId", created_at AS "createdAt", updated_at AS "updatedAt"`;

// Updates change what the command gives: `coalesce($n, column)` keeps a field left undefined (none
// of these fields can be cleared: the API refuses null for them).
// JSON columns are sent as text: pg would turn a JS array into a PostgreSQL array.
const json = (value: Record<string, unknown> | undefined) => (value === undefined ? null : JSON.stringify(value));

export interface CustomerFields {
  name: string;
  email: string;
  phone?: string;
  currency?: string;
  externalId?: string;
  taxId?: string;
  address?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  paymentTermsDays?: number;
  /** taxable (the default), exempt or reverse_charge. */
  taxStatus?: CustomerTaxStatus;
}

/** `testClockId`: test mode only, the clock the customer lives by (set at creation, never changed). */
export async function insertCustomer(db: Queryable, input: CustomerFields & { testClockId?: string }): Promise<CustomerRecord> {
  return withDomainErrors({ body: input }, async () => {
    const { rows } = await db.query<CustomerRecord>(
      `INSERT INTO customers (id, external_id, name, email, phone, currency, address, tax_id, metadata, payment_terms_days, tax_status, test_clock_id, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::jsonb, $7, coalesce($8::jsonb, '{}'), $9, coalesce($10, 'taxable'), $11, now())
       RETURNING ${COLUMNS}`,
      [input.externalId ?? null, input.name, input.email, input.phone ?? null, input.currency ?? null, json(input.address), input.taxId ?? null, json(input.metadata), input.paymentTermsDays ?? null, input.taxStatus ?? null, input.testClockId ?? null],
    );
    return rows[0]!;
  });
}

/** The customer's stored metadata, locked for the caller's transaction (a metadata merge); undefined when unknown. */
export async function lockCustomerMetadata(client: Queryable, id: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await client.query<{ metadata: Record<string, unknown> }>('SELECT metadata FROM customers WHERE id = $1 FOR UPDATE', [id]);
  return rows[0]?.metadata;
}

/** Changes the fields given (undefined keeps a field as it is); undefined when there is no such customer. */
export async function updateCustomerRow(db: Queryable, id: string, changes: Partial<CustomerFields>): Promise<CustomerRecord | undefined> {
  return withDomainErrors({ body: changes }, async () => {
    const { rows } = await db.query<CustomerRecord>(
      `UPDATE customers
          SET external_id = coalesce($2, external_id), name = coalesce($3, name), email = coalesce($4, email), phone = coalesce($5, phone),
              currency = coalesce($6, currency), address = coalesce($7::jsonb, address), tax_id = coalesce($8, tax_id),
              metadata = coalesce($9::jsonb, metadata), payment_terms_days = coalesce($10, payment_terms_days),
              tax_status = coalesce($11, tax_status), updated_at = now()
        WHERE id = $1
        RETURNING ${COLUMNS}`,
      [
        id,
        changes.externalId ?? null,
        changes.name ?? null,
        changes.email ?? null,
        changes.phone ?? null,
        changes.currency ?? null,
        json(changes.address),
        changes.taxId ?? null,
        json(changes.metadata),
        changes.paymentTermsDays ?? null,
        changes.taxStatus ?? null,
      ],
    );
    return rows[0];
  });
}

export async function findCustomer(pool: Pool, id: string): Promise<CustomerRecord | undefined> {
  const { rows } = await pool.query<CustomerRecord>({ name: 'customer-by-id', text: `SELECT ${COLUMNS} FROM customers WHERE id = $1`, values: [id] });
  return rows[0];
}

export interface CustomerPageQuery extends PageRequest {
  /** Matches name or e-mail, case-insensitive, anywhere in them. */
  search?: string;
}

/** One keyset page in (created_at DESC, id DESC) order, fetching limit + 1 rows to know if more follow. */
export async function selectCustomerPage(pool: Pool, query: CustomerPageQuery, window: KeysetWindow): Promise<CustomerRecord[]> {
  const search = query.search?.trim() ? `%${query.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const keyset = keysetSql(window, 2);
  const { rows } = await pool.query<CustomerRecord>({
    name: `customers-page${keyset.name}`,
    text: `SELECT ${COLUMNS} FROM customers
            WHERE ($1::text IS NULL OR name ILIKE $1 OR email ILIKE $1)
              AND ${keyset.where}
            ORDER BY ${keyset.order}
            LIMIT $8`,
    values: [search, ...keyset.values, window.fetch],
  });
  return rows;
}

/** A customer's keyset position (primary key lookup), for starting_after / ending_before. */
export async function customerPosition(pool: Pool, id: string): Promise<Keyset | undefined> {
  const { rows } = await pool.query<Keyset>({ name: 'customer-position', text: 'SELECT created_at AS "createdAt", id FROM customers WHERE id = $1', values: [id] });
  return rows[0];
}

/**
 * Deletes a customer without billing history. Subscriptions, invoices and payments keep theirs by
 * their foreign keys (RESTRICT): the database says who still refers to it, so this context need
 * not read other contexts' tables. Saved payment methods go with the customer (CASCADE).
 * False when there was no such customer.
 */
/** Deletes the customer, returning it as it was; undefined when there is no such customer. */
export async function deleteCustomerRow(db: Queryable, id: string): Promise<CustomerRecord | undefined> {
  try {
    const { rows } = await db.query<CustomerRecord>(`DELETE FROM customers WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
    return rows[0];
  } catch (error) {
    if ((error as { code?: string }).code === '23503') throw DomainError.invalidState(`Customer ${id} has subscriptions, invoices, payments or a credit balance history and cannot be deleted`);
    throw error;
  }
}

/** A customer as billing needs it. */
export interface BillableCustomer {
  id: string;
  /** The currency the customer is billed in; null until the first subscription or invoice decides it. */
  currency: string | null;
}

/** Locks the customer FOR SHARE for the caller's transaction; undefined when unknown. */
export async function findCustomerForBilling(client: Queryable, customerId: string): Promise<BillableCustomer | undefined> {
  const { rows } = await client.query<BillableCustomer>('SELECT id, currency FROM customers WHERE id = $1 FOR SHARE', [customerId]);
  return rows[0];
}

/** How to reach a customer: invoice documents, payment requests and e-mails. */
export interface CustomerContact {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  address: unknown;
}

export async function findCustomerContact(db: Queryable, customerId: string): Promise<CustomerContact | undefined> {
  const { rows } = await db.query<CustomerContact>('SELECT id, name, email, phone, address FROM customers WHERE id = $1', [customerId]);
  return rows[0];
}

/** Whether the id names a customer of this tenant (an id of another tenant's is simply unknown here). */
export async function customerExists(db: Queryable, customerId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM customers WHERE id = $1', [customerId]);
  return (rowCount ?? 0) > 0;
}

/** The payment terms of those of `customerIds` that have their own (one query for a batch of invoices). */
export async function selectCustomerPaymentTerms(db: Queryable, customerIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; days: number }>('SELECT id, payment_terms_days AS days FROM customers WHERE id = ANY($1::uuid[]) AND payment_terms_days IS NOT NULL', [customerIds]);
  return new Map(rows.map((row) => [row.id, row.days]));
}

/** Deleting a test clock: the customers themselves (everything pointing at them deleted first), as they were. */
export async function deleteCustomerRows(client: Queryable, customerIds: readonly string[]): Promise<CustomerRecord[]> {
  const { rows } = await client.query<CustomerRecord>(`DELETE FROM customers WHERE id = ANY($1::uuid[]) RETURNING ${COLUMNS}`, [customerIds]);
  return rows;
}
