// All SQL of the tax context's tables: tax_profile (one row, id 1) and tax_rates. Raw pg, like every
// repository: invoice issuance reads the profile and a batch's rates inside its own transaction.
// Private to the tax context; other code uses ./index.ts.
import { type Keyset, type KeysetWindow, keysetSql, type Queryable, withDomainErrors } from '@nova/common';
import type { TaxBehavior, TaxId } from '@nova/domain';
import type { TaxProfileRecord, TaxRateComponent, TaxRateRecord } from './tax.types';

const PROFILE_COLUMNS = `legal_name AS "legalName", address, country, tax_ids AS "taxIds", default_tax_behavior AS "defaultTaxBehavior",
  default_tax_rate_id AS "defaultTaxRateId", created_at AS "createdAt", updated_at AS "updatedAt"`;
const RATE_COLUMNS = `id, name, country, state, percentage, components, tax_behavior AS "taxBehavior", description, active,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function selectTaxProfile(db: Queryable): Promise<TaxProfileRecord | undefined> {
  const { rows } = await db.query<TaxProfileRecord>(`SELECT ${PROFILE_COLUMNS} FROM tax_profile WHERE id = 1`);
  return rows[0];
}

export interface TaxProfileFields {
  legalName: string;
  address: Record<string, unknown>;
  country: string;
  taxIds: TaxId[];
  defaultTaxBehavior: TaxBehavior;
  defaultTaxRateId: string | null;
}

/** Creates or replaces the profile (PUT semantics: every field is written). */
export async function upsertTaxProfile(db: Queryable, fields: TaxProfileFields): Promise<TaxProfileRecord> {
  return withDomainErrors({ body: fields }, async () => {
    const { rows } = await db.query<TaxProfileRecord>(
      `INSERT INTO tax_profile (id, legal_name, address, country, tax_ids, default_tax_behavior, default_tax_rate_id, updated_at)
       VALUES (1, $1, $2::jsonb, $3, $4::jsonb, $5, $6, now())
       ON CONFLICT (id) DO UPDATE SET legal_name = EXCLUDED.legal_name, address = EXCLUDED.address, country = EXCLUDED.country,
              tax_ids = EXCLUDED.tax_ids, default_tax_behavior = EXCLUDED.default_tax_behavior,
              default_tax_rate_id = EXCLUDED.default_tax_rate_id, updated_at = now()
       RETURNING ${PROFILE_COLUMNS}`,
      [fields.legalName, JSON.stringify(fields.address), fields.country, JSON.stringify(fields.taxIds), fields.defaultTaxBehavior, fields.defaultTaxRateId],
    );
    return rows[0]!;
  });
}

export interface TaxRateFields {
  name: string;
  country: string;
  state: string | null;
  percentage: string;
  components: readonly TaxRateComponent[];
  taxBehavior: TaxBehavior | null;
  description: string | null;
}

export async function insertTaxRate(db: Queryable, fields: TaxRateFields): Promise<TaxRateRecord> {
  const { rows } = await db.query<TaxRateRecord>(
    `INSERT INTO tax_rates (id, name, country, state, percentage, components, tax_behavior, description, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::jsonb, $6, $7, now()) RETURNING ${RATE_COLUMNS}`,
    [fields.name, fields.country, fields.state, fields.percentage, JSON.stringify(fields.components), fields.taxBehavior, fields.description],
  );
  return rows[0]!;
}

export async function selectTaxRate(db: Queryable, id: string): Promise<TaxRateRecord | undefined> {
  const { rows } = await db.query<TaxRateRecord>(`SELECT ${RATE_COLUMNS} FROM tax_rates WHERE id = $1`, [id]);
  return rows[0];
}

/** The rates of a batch of invoice lines (one query). */
export async function selectTaxRates(db: Queryable, ids: readonly string[]): Promise<Map<string, TaxRateRecord>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<TaxRateRecord>(`SELECT ${RATE_COLUMNS} FROM tax_rates WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((row) => [row.id, row]));
}

export interface TaxRateFilter {
  active?: boolean;
}

export async function selectTaxRatePage(db: Queryable, filter: TaxRateFilter, window: KeysetWindow): Promise<TaxRateRecord[]> {
  const keyset = keysetSql(window, 2);
  const { rows } = await db.query<TaxRateRecord>(
    `SELECT ${RATE_COLUMNS} FROM tax_rates WHERE ($1::boolean IS NULL OR active = $1) AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $8`,
    [filter.active ?? null, ...keyset.values, window.fetch],
  );
  return rows;
}

export async function taxRatePosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM tax_rates WHERE id = $1', [id]);
  return rows[0];
}

/** What may change on a rate: its percentage, levies and jurisdiction never do (invoices were issued at them). */
export interface TaxRateChanges {
  name?: string;
  description?: string;
  active?: boolean;
  taxBehavior?: TaxBehavior;
}

export async function updateTaxRateRow(db: Queryable, id: string, changes: TaxRateChanges): Promise<TaxRateRecord | undefined> {
  const { rows } = await db.query<TaxRateRecord>(
    `UPDATE tax_rates SET name = coalesce($2, name), description = coalesce($3, description), active = coalesce($4, active),
            tax_behavior = coalesce($5, tax_behavior), updated_at = now()
      WHERE id = $1 RETURNING ${RATE_COLUMNS}`,
    [id, changes.name ?? null, changes.description ?? null, changes.active ?? null, changes.taxBehavior ?? null],
  );
  return rows[0];
}

/**
 * Deletes a rate nothing refers to; 'in_use' when an invoice line, a product, a price or the
 * profile does (their foreign keys RESTRICT), 'not_found' when there is no such rate.
 */
export async function deleteTaxRateRow(db: Queryable, id: string): Promise<'deleted' | 'in_use' | 'not_found'> {
  try {
    const { rowCount } = await db.query('DELETE FROM tax_rates WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0 ? 'deleted' : 'not_found';
  } catch (error) {
    if ((error as { code?: string }).code === '23503') return 'in_use';
    throw error;
  }
}
