// Keyset pagination, written once for every list: rows in (created_at DESC, id DESC) order (CDRs
// use their call time for created_at), a page fetches limit + 1 rows to know whether more follow,
// and the cursor is the last row's key, opaque to clients. Repositories use `decodeCursor` in SQL
// (`(created_at, id) < ($1, $2)`) or `prismaAfterCursor` with Prisma; both end in `toPage`.
import { DomainError } from '@nova/domain';
import { UUID_PATTERN } from './uuid';

/** A row's position in (createdAt DESC, id DESC) order. */
export interface Keyset {
  readonly createdAt: Date;
  readonly id: string;
}

export interface Page<T> {
  readonly data: T[];
  /** Pass as `cursor` for the next (older) page; null on the last one. */
  readonly nextCursor: string | null;
  /** More rows follow in the direction paged: older ones, or newer ones for an `endingBefore` page (Stripe's `has_more`). */
  readonly hasMore: boolean;
}

export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
  /** Stripe's `starting_after`: the rows older than this id's row. */
  readonly startingAfter?: string;
  /** Stripe's `ending_before`: the rows newer than this id's row (still newest first). */
  readonly endingBefore?: string;
  /** Only rows created at or after this instant. */
  readonly createdGte?: Date;
  /** Only rows created before this instant. */
  readonly createdLt?: Date;
}

/**
 * Where one keyset page starts, resolved from a PageRequest: rows strictly older than `after`, or
 * (backwards) strictly newer than `before`, in the created range. Repositories turn it into SQL
 * with `keysetSql` and the rows into a page with `toPage`.
 */
export interface KeysetWindow {
  readonly after?: Keyset;
  readonly before?: Keyset;
  readonly createdGte?: Date;
  readonly createdLt?: Date;
  /** An `endingBefore` page: fetched oldest first from `before`, returned newest first. */
  readonly backwards: boolean;
  /** Rows to fetch: limit + 1, to know whether more follow. */
  readonly fetch: number;
}

const PAGE_POSITIONS = ['cursor', 'startingAfter', 'endingBefore'] as const;
/** The query names the API uses for the position fields, so a 400 names what the client sent. */
const POSITION_FIELD: Record<(typeof PAGE_POSITIONS)[number], string> = { cursor: 'cursor', startingAfter: 'starting_after', endingBefore: 'ending_before' };

/**
 * The window a request names. `cursor`, `startingAfter` and `endingBefore` are mutually exclusive
 * (400 naming the second one given); an id is resolved by `positionOf` (the repository's one
 * lookup by primary key), an unknown one is a 400 on its field.
 */
export async function resolveWindow(
  request: PageRequest,
  positionOf: (id: string) => Promise<Keyset | undefined>,
  idPattern: RegExp = UUID_PATTERN,
): Promise<KeysetWindow> {
  const given = PAGE_POSITIONS.filter((field) => request[field] !== undefined && request[field] !== '');
  if (given.length > 1) throw DomainError.validation(POSITION_FIELD[given[1]!], `cannot be combined with ${POSITION_FIELD[given[0]!]}`);
  if (request.createdGte && request.createdLt && request.createdGte >= request.createdLt) throw DomainError.validation('createdLt', 'must be after createdGte');
  const base = { createdGte: request.createdGte, createdLt: request.createdLt, fetch: request.limit + 1 };
  const position = async (field: 'startingAfter' | 'endingBefore') => {
    if (!idPattern.test(request[field]!)) throw DomainError.validation(POSITION_FIELD[field], 'is not an id of this list');
    const key = await positionOf(request[field]!);
    if (!key) throw DomainError.validation(POSITION_FIELD[field], `no such object: ${request[field]}`);
    return key;
  };
  if (request.startingAfter) return { ...base, after: await position('startingAfter'), backwards: false };
  if (request.endingBefore) return { ...base, before: await position('endingBefore'), backwards: true };
  return { ...base, after: decodeCursor(request.cursor), backwards: false };
}

/**
 * The window as SQL over `(createdAt, id)` columns, with placeholders from `$<first>` on: `where`
 * (always the same text, so it can be a named prepared statement; unused bounds are null),
 * `order` (newest first, or oldest first for a backwards window: a different statement) and
 * `values`. One range condition on the (created_at, id) index, whatever the window.
 */
export function keysetSql(window: KeysetWindow, first: number, columns: { createdAt: string; id: string; idType?: string } = { createdAt: 'created_at', id: 'id' }) {
  const idType = columns.idType ?? 'uuid';
  const [a, b, c, d, e, f] = [0, 1, 2, 3, 4, 5].map((i) => `$${first + i}`);
  const key = `(${columns.createdAt}, ${columns.id})`;
  const where = `(${a}::timestamptz IS NULL OR ${key} < (${a}::timestamptz, ${b}::${idType}))
     AND (${c}::timestamptz IS NULL OR ${key} > (${c}::timestamptz, ${d}::${idType}))
     AND (${e}::timestamptz IS NULL OR ${columns.createdAt} >= ${e}::timestamptz)
     AND (${f}::timestamptz IS NULL OR ${columns.createdAt} < ${f}::timestamptz)`;
  const dir = window.backwards ? 'ASC' : 'DESC';
  return {
    where,
    order: `${columns.createdAt} ${dir}, ${columns.id} ${dir}`,
    values: [window.after?.createdAt ?? null, window.after?.id ?? null, window.before?.createdAt ?? null, window.before?.id ?? null, window.createdGte ?? null, window.createdLt ?? null],
    /** Suffix for a named statement's name: the two orders are two statements. */
    name: window.backwards ? '-backwards' : '',
  };
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

/**
 * Turns the limit + 1 rows fetched into a page; `keyOf` gives a row's position when it is not
 * `{ createdAt, id }`. A backwards window's rows (oldest first) are returned newest first; its
 * `nextCursor` continues with the older rows after them (the row it ended before is one).
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => Keyset = (row) => row as unknown as Keyset, window?: Pick<KeysetWindow, 'backwards'>): Page<T> {
  const hasMore = rows.length > limit;
  if (window?.backwards) {
    const data = rows.slice(0, limit).reverse();
    const last = data[data.length - 1];
    return { data, nextCursor: last !== undefined ? encodeCursor(keyOf(last)) : null, hasMore };
  }
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null, hasMore };
}
