// Keyset pagination, written once for every list: rows in (created_at DESC, id DESC) order (CDRs
// use their call time for created_at), a page fetches limit + 1 rows to know whether more follow,
// and the cursor is the last row's key, opaque to clients. Repositories use `decodeCursor` in SQL
// (`(created_at, id) < ($1, $2)`) or `prismaAfterCursor` with Prisma; both end in `toPage`.
import { DomainError } from '@nova/domain';

/** A row's position in (createdAt DESC, id DESC) order. */
export interface Keyset {
  readonly createdAt: Date;
  readonly id: string;
}

export interface Page<T> {
  readonly data: T[];
  /** Pass as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

export function encodeCursor(row: Keyset): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

/** The position a cursor names; a cursor this API did not issue is a 400 on `cursor`. */
export function decodeCursor(cursor: string | undefined): Keyset | undefined {
  if (!cursor) return undefined;
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(createdAt ?? '');
  if (!id || Number.isNaN(date.getTime())) throw DomainError.validation('cursor', 'is not a cursor this API issued');
  return { createdAt: date, id };
}

/** Prisma `where` fragment selecting the rows after the cursor. */
export function prismaAfterCursor(cursor: string | undefined): object {
  const keyset = decodeCursor(cursor);
  if (!keyset) return {};
  return { OR: [{ createdAt: { lt: keyset.createdAt } }, { createdAt: keyset.createdAt, id: { lt: keyset.id } }] };
}

/** Prisma `orderBy` of every keyset page. */
export const KEYSET_ORDER = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** Turns the limit + 1 rows fetched into a page; `keyOf` gives a row's position when it is not `{ createdAt, id }`. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => Keyset = (row) => row as unknown as Keyset): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
