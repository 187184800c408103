import { decodeCursor, encodeCursor } from '@nova/common';
import type { Pool } from 'pg';
import { normalizeNumber } from '@nova/rating';
import { formatNanos } from '@nova/rating';
import type { CdrDto, CdrFilterQuery } from './dto/cdr.dto';

// CDR reads are plain SQL on the tenant pool (tables of millions of rows; see customer-queries.ts).

export const CDR_COLUMNS = `c.id::text AS id, c.switch_id, c.caller_number, c.called_number, c.started_at, c.duration_ms, c.status, c.account_id, c.destination,
  c.matched_prefix, a.currency, c.cost_nanos, c.billed_seconds, c.bundle_seconds, c.over_limit, c.failure_reason, c.failure_message, c.invoice_id`;

export interface CdrRow {
  id: string;
  switch_id: string;
  caller_number: string;
  called_number: string;
  started_at: Date;
  duration_ms: number;
  status: string;
  account_id: string | null;
  destination: string | null;
  matched_prefix: string | null;
  currency: string | null;
  cost_nanos: string;
  billed_seconds: number;
  bundle_seconds: number;
  over_limit: boolean;
  failure_reason: string | null;
  failure_message: string | null;
  invoice_id: string | null;
}

export function cdrDto(row: CdrRow): CdrDto {
  return {
    id: row.id,
    switchId: row.switch_id,
    callerNumber: row.caller_number,
    calledNumber: row.called_number,
    startedAt: row.started_at,
    durationSeconds: row.duration_ms / 1000,
    status: row.status,
    accountId: row.account_id,
    destination: row.destination,
    matchedPrefix: row.matched_prefix,
    currency: row.currency,
    cost: formatNanos(Number(row.cost_nanos)),
    costNanos: row.cost_nanos,
    billedSeconds: row.billed_seconds,
    bundleSeconds: row.bundle_seconds,
    overLimit: row.over_limit,
    failureReason: row.failure_reason,
    failureMessage: row.failure_message,
    invoiceId: row.invoice_id,
  };
}

/** WHERE clause of the CDR filters, with parameters numbered from `first`. */
export function cdrFilter(query: CdrFilterQuery, first = 1): { where: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (param: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(condition(`$${first + values.length - 1}`));
  };
  if (query.number) {
    const digits = normalizeNumber(query.number) ?? query.number;
    add((p) => `(c.caller_number = ${p} OR c.called_number = ${p} OR c.called_number = '+' || ${p})`, digits);
  }
  if (query.from) add((p) => `c.started_at >= ${p}::timestamptz`, query.from);
  if (query.to) add((p) => `c.started_at < ${p}::timestamptz`, query.to);
  if (query.status) add((p) => `c.status = ${p}::"CdrStatus"`, query.status);
  if (query.destination) add((p) => `c.destination = ${p}`, query.destination);
  if (query.reason) add((p) => `c.failure_reason = ${p}`, query.reason);
  if (query.accountId) add((p) => `c.account_id = ${p}::uuid`, query.accountId);
  return { where: conditions.length > 0 ? conditions.join(' AND ') : 'TRUE', values };
}

/** One keyset page in (started_at DESC, id DESC) order, limit + 1 rows. */
export async function listCdrs(pool: Pool, query: CdrFilterQuery & { limit: number; cursor?: string }): Promise<CdrRow[]> {
  const after = decodeCursor(query.cursor);
  const filter = cdrFilter(query, 4);
  const { rows } = await pool.query<CdrRow>(
    `SELECT ${CDR_COLUMNS} FROM cdrs c LEFT JOIN telecom_accounts a ON a.id = c.account_id
      WHERE ($1::timestamptz IS NULL OR (c.started_at, c.id) < ($1::timestamptz, $2::bigint)) AND ${filter.where}
      ORDER BY c.started_at DESC, c.id DESC LIMIT $3`,
    [after?.createdAt ?? null, after?.id ?? null, query.limit + 1, ...filter.values],
  );
  return rows;
}

export function cdrCursor(row: CdrRow): string {
  return encodeCursor({ createdAt: row.started_at, id: row.id });
}
