import { decodeCursor } from '@nova/common';
import type { Pool } from 'pg';
import type { Customer } from '@nova/tenant-db';

// Customer reads are the API's hottest path (every integration lists and fetches customers), and
// going through Prisma's query compiler costs more CPU than the query itself; these two reads
// are plain SQL on the tenant's pool. Writes stay on Prisma.

const COLUMNS = `id, external_id AS "externalId", name, email, phone, currency, address, tax_id AS "taxId", metadata,
                 created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function findCustomer(pool: Pool, id: string): Promise<Customer | null> {
  const { rows } = await pool.query<Customer>({ name: 'customer-by-id', text: `SELECT ${COLUMNS} FROM customers WHERE id = $1`, values: [id] });
  return rows[0] ?? null;
}

/** One keyset page in (created_at DESC, id DESC) order, fetching limit + 1 rows to know if more follow. */
export async function listCustomers(pool: Pool, query: { limit: number; cursor?: string; search?: string }): Promise<Customer[]> {
  const after = decodeCursor(query.cursor);
  const search = query.search?.trim() ? `%${query.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await pool.query<Customer>({
    name: 'customers-page',
    text: `SELECT ${COLUMNS} FROM customers
            WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
              AND ($3::text IS NULL OR name ILIKE $3 OR email ILIKE $3)
            ORDER BY created_at DESC, id DESC
            LIMIT $4`,
    values: [after?.createdAt ?? null, after?.id ?? null, search, query.limit + 1],
  });
  return rows;
}
