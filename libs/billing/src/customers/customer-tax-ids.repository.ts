// All SQL of the customer_tax_ids table, and the one read of a batch of customers' tax details that
// invoice issuance makes (customers and their tax ids, one statement). Private to the customers context.
import { type Keyset, type KeysetWindow, keysetSql, type Queryable, withDomainErrors } from '@nova/common';
import type { CustomerTaxStatus, TaxId, TaxIdType } from '@nova/domain';

export interface CustomerTaxIdRecord {
  id: string;
  customerId: string;
  type: TaxIdType;
  value: string;
  createdAt: Date;
}

const COLUMNS = 'id, customer_id AS "customerId", type, value, created_at AS "createdAt"';

/** Adds a normalised tax id; undefined when the customer already has that very id (the unique key). */
export async function insertCustomerTaxId(db: Queryable, customerId: string, taxId: TaxId): Promise<CustomerTaxIdRecord | undefined> {
  return withDomainErrors({ body: { customerId, ...taxId } }, async () => {
    const { rows } = await db.query<CustomerTaxIdRecord>(
      `INSERT INTO customer_tax_ids (id, customer_id, type, value) VALUES (gen_random_uuid(), $1, $2, $3)
       ON CONFLICT (customer_id, type, value) DO NOTHING RETURNING ${COLUMNS}`,
      [customerId, taxId.type, taxId.value],
    );
    return rows[0];
  });
}

/** Oldest first (the order they were added, which is the order invoices print them in). */
/** One keyset page of a customer's tax ids (window.fetch rows, in the window's order). */
export async function selectCustomerTaxIds(db: Queryable, customerId: string, window: KeysetWindow): Promise<CustomerTaxIdRecord[]> {
  const keyset = keysetSql(window, 2, { createdAt: 'created_at', id: 'id' });
  const { rows } = await db.query<CustomerTaxIdRecord>(`SELECT ${COLUMNS} FROM customer_tax_ids WHERE customer_id = $1 AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $8`, [
    customerId,
    ...keyset.values,
    window.fetch,
  ]);
  return rows;
}

/** A tax id's keyset position among its customer's, for starting_after / ending_before. */
export async function customerTaxIdPosition(db: Queryable, customerId: string, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM customer_tax_ids WHERE customer_id = $1 AND id = $2', [customerId, id]);
  return rows[0];
}

export async function countCustomerTaxIds(db: Queryable, customerId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM customer_tax_ids WHERE customer_id = $1', [customerId]);
  return rows[0]!.count;
}

/** False when the customer has no such tax id. */
export async function deleteCustomerTaxIdRow(db: Queryable, customerId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM customer_tax_ids WHERE customer_id = $1 AND id = $2', [customerId, id]);
  return (rowCount ?? 0) > 0;
}

/** A customer as tax needs it: who, where, registered how, and whether tax is charged. */
export interface CustomerTaxDetails {
  id: string;
  name: string;
  address: Record<string, unknown> | null;
  taxStatus: CustomerTaxStatus;
  taxIds: TaxId[];
}

/** The tax details of a batch of customers (invoice issuance: one statement per batch). */
export async function selectCustomerTaxDetails(db: Queryable, customerIds: readonly string[]): Promise<Map<string, CustomerTaxDetails>> {
  const { rows } = await db.query<CustomerTaxDetails>(
    `SELECT c.id, c.name, c.address, c.tax_status AS "taxStatus",
            coalesce((SELECT json_agg(json_build_object('type', t.type, 'value', t.value) ORDER BY t.created_at, t.id)
                        FROM customer_tax_ids t WHERE t.customer_id = c.id), '[]'::json) AS "taxIds"
       FROM customers c WHERE c.id = ANY($1::uuid[])`,
    [customerIds],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** Deleting a test clock: the customers' tax ids. */
export async function deleteTaxIdsOfCustomers(client: Queryable, customerIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM customer_tax_ids WHERE customer_id = ANY($1::uuid[])', [customerIds]);
}
