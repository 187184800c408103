import { DomainError, ErrorCode, FieldProblem } from '@nova/domain';
import { isPgUniqueViolation, uniqueViolationFields } from './prisma-errors';
// What a database error means for the caller, whichever path raised it: a bare pg client
// (DatabaseError with a SQLSTATE), Prisma on the pg driver adapter (DriverAdapterError, or a
// PrismaClientKnownRequestError carrying one in meta.driverAdapterError), or the network.

/**
 * How long a client should wait before retrying a 503: a dependency (database, Redis) is down,
 * or this process is shutting down and another replica will take the request.
 */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

interface PgFacts {
  sqlState?: string;
  message: string;
  column?: string;
  constraint?: string;
  detail?: string;
}

// SQLSTATE class 08 (connection exception), 53 (insufficient resources: too many connections,
// out of memory, disk full) and 57P0x (admin / crash shutdown, cannot connect now).
const UNAVAILABLE_SQLSTATE = /^(08...|53...|57P0[1-4])$/;
// Prisma: can't reach, timed out, server closed the connection, connection pool timeout.
const UNAVAILABLE_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// Driver-adapter error kinds of the same.
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'DatabaseAccessDenied', 'SocketTimeout', 'ConnectionClosed', 'TooManyConnections', 'TlsConnectionError']);
const UNAVAILABLE_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// node-postgres raises these as plain Errors.
const UNAVAILABLE_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Cannot use a pool after calling end/i;

/** A PostgreSQL SQLSTATE (Prisma's own codes, P1000–P6999, look alike but are not). */
const isSqlState = (code: unknown): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^P[1-9]/.test(code);

type Loose = { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown }; column_name?: unknown }; errors?: unknown[] };

/** The error itself and what it wraps (cause chains, AggregateError, Prisma's meta). */
function* layers(error: unknown, depth = 0): Generator<Loose> {
  if (typeof error !== 'object' || error === null || depth > 6) return;
  const loose = error as Loose;
  yield loose;
  yield* layers(loose.meta?.driverAdapterError?.cause, depth + 1);
  yield* layers(loose.cause, depth + 1);
  for (const inner of Array.isArray(loose.errors) ? loose.errors : []) yield* layers(inner, depth + 1);
}

/** True when the error means the database cannot be reached or cannot take the request now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const layer of layers(error)) {
    const code = typeof layer.code === 'string' ? layer.code : undefined;
    const originalCode = (layer as { originalCode?: unknown }).originalCode;
    if (code && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_PRISMA.has(code) || UNAVAILABLE_NODE.has(code))) return true;
    if (typeof originalCode === 'string' && UNAVAILABLE_SQLSTATE.test(originalCode)) return true;
    if (typeof layer.kind === 'string' && UNAVAILABLE_KINDS.has(layer.kind)) return true;
    if (typeof layer.message === 'string' && UNAVAILABLE_MESSAGES.test(layer.message) && !isSqlState(code)) return true;
  }
  return false;
}

function pgFacts(error: unknown): PgFacts | null {
  for (const layer of layers(error)) {
    const facts = layer as Loose & { originalCode?: unknown; originalMessage?: unknown; column?: unknown; constraint?: unknown; detail?: unknown };
    const sqlState = isSqlState(facts.originalCode) ? facts.originalCode : isSqlState(facts.code) ? facts.code : undefined;
    if (!sqlState) continue;
    const constraint = typeof facts.constraint === 'string' ? facts.constraint : (facts.constraint as { index?: string } | undefined)?.index;
    return {
      sqlState,
      message: String(facts.originalMessage ?? facts.message ?? ''),
      column: typeof facts.column === 'string' ? facts.column : undefined,
      constraint,
      detail: typeof facts.detail === 'string' ? facts.detail : undefined,
    };
  }
  return null;
}

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/** The request's inputs, to find which field carried a value the database refused. */
export interface RequestInputs {
  body?: unknown;
  query?: unknown;
  params?: unknown;
}

/** `2026-01-02 03:04:05` (a driver's UTC timestamp) as `2026-01-02T03:04:05Z`. */
const asUtcIso = (text: string) => {
  const iso = text.replace(' ', 'T');
  return /T.*([zZ]|[+-]\d\d:?\d\d)$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`;
};

/**
 * The path of the first input field whose value is `value`: compared as text or, for the
 * timestamps a driver sends in its own format (`…T00:00:00.000Z`), as the same instant.
 */
export function fieldHolding(inputs: RequestInputs, value: string): string | undefined {
  const instant = /^[+-]?\d{4,6}-\d\d-\d\d/.test(value) ? Date.parse(asUtcIso(value)) : NaN;
  const holds = (node: unknown) =>
    ((typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') && String(node) === value) ||
    (typeof node === 'string' && Number.isFinite(instant) && Date.parse(node) === instant);
  const search = (node: unknown, path: string, depth: number): string | undefined => {
    if (depth > 10) return undefined;
    if (holds(node)) return path;
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) {
        const found = search(item, `${path}[${index}]`, depth + 1);
        if (found) return found;
      }
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) {
        const found = search(item, path ? `${path}.${key}` : key, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  };
  return search(inputs.params, '', 0) ?? search(inputs.query, '', 0) ?? search(inputs.body, '', 0);
}

/**
 * The column of a foreign key named `<table>_<column>_fkey` (Prisma's convention); table and
 * column may both hold underscores, so the split that names an input field wins.
 */
function constraintColumn(constraint: string, inputs: RequestInputs): string | undefined {
  const name = constraint.match(/^(.+)_fkey$/)?.[1];
  if (!name) return undefined;
  const candidates = [...name.matchAll(/_/g)].map((match) => name.slice(match.index + 1));
  const keys = new Set([inputs.body, inputs.query, inputs.params].flatMap((input) => (typeof input === 'object' && input !== null ? Object.keys(input) : [])));
  return candidates.find((candidate) => keys.has(camel(candidate))) ?? candidates.find((candidate) => /^[a-z0-9]+_id$/.test(candidate)) ?? candidates[candidates.length - 1];
}

/** A field named by the error (column, constraint's column, or the offending value), else `fallback`. */
function fieldOf(facts: PgFacts, inputs: RequestInputs, fallback: string): string {
  const keyColumn = facts.detail?.match(/^Key \(([a-z0-9_]+)\)/)?.[1];
  const column = facts.column ?? keyColumn ?? (facts.constraint ? constraintColumn(facts.constraint, inputs) : undefined);
  if (column) return camel(column);
  const value = facts.message.match(/"([^"]*)"\s*(?:is out of range|$)/)?.[1] ?? facts.message.match(/: "(.*)"$/)?.[1];
  return (value !== undefined && fieldHolding(inputs, value)) || fallback;
}

/**
 * The domain error a database error stands for, or null when it is not one the caller caused
 * (a bug: it stays a 500) or the database being unavailable (see isDatabaseUnavailable).
 */
export function databaseErrorToDomainError(error: unknown, inputs: RequestInputs = {}): DomainError | null {
  const facts = pgFacts(error);
  if (!facts?.sqlState) return null;
  const invalid = (message: string, fallback = 'body') => {
    const field = fieldOf(facts, inputs, fallback);
    const problem: FieldProblem = { field, message };
    return new DomainError(ErrorCode.ValidationFailed, `${field}: ${message}`, { fields: [problem] });
  };
  switch (facts.sqlState) {
    case '22021': // invalid byte sequence (NUL)
      return invalid('must be valid UTF-8 text without NUL characters');
    case '22003': // numeric value out of range
      return invalid('is out of range');
    case '22P02': // invalid text representation
    case '22007': // invalid datetime format
    case '22008': // datetime field overflow
      return invalid('has an invalid value');
    case '22001': // string data right truncation
      return invalid('is too long');
    case '23502': // not null violation
      return invalid('is required');
    case '23514': // check violation
      return invalid(`violates the rule ${facts.constraint ?? ''}`.trim());
    case '23503': {
      if (/still referenced/.test(facts.detail ?? facts.message)) {
        return new DomainError(ErrorCode.Conflict, 'The record is still referenced by other records');
      }
      const table = facts.detail?.match(/in table "([a-z0-9_]+)"/)?.[1];
      return invalid(table ? `names a record of ${table.replace(/_/g, ' ')} that does not exist` : 'names a record that does not exist');
    }
    default:
      return null;
  }
}

/**
 * A unique violation as the 409 it stands for, naming the fields of the key, whichever path raised
 * it: Prisma (P2002, see uniqueViolationFields) or a bare pg client (23505, fields read from the
 * error's `Key (column, …)=` detail). Null for any other error.
 */
export function uniqueViolationToDomainError(error: unknown): DomainError | null {
  const fields = uniqueViolationFields(error) ?? pgUniqueKeyFields(error);
  if (!fields) return null;
  const message = fields.length > 0 ? `A record with this ${fields.join(', ')} already exists` : 'A record with these values already exists';
  return new DomainError(ErrorCode.Conflict, message, { fields: fields.map((field) => ({ field, message: 'must be unique' })) });
}

/** The key's fields of a pg unique violation (`Key (subscription_id, period_start)=(…) already exists.`), or null for other errors. */
function pgUniqueKeyFields(error: unknown): string[] | null {
  if (!isPgUniqueViolation(error)) return null;
  const detail = (error as { detail?: unknown }).detail;
  const columns = typeof detail === 'string' ? detail.match(/^Key \(([a-z0-9_, ]+)\)=/)?.[1] : undefined;
  return columns ? columns.split(', ').map(camel) : [];
}

/**
 * Runs a repository's write with its database errors turned into the domain errors they stand for
 * (a duplicate is a 409 naming the field, a refused value a 400 naming the input that carried it);
 * any other error is rethrown as it is. The one translation repositories need, raw SQL or Prisma.
 */
export async function withDomainErrors<T>(inputs: RequestInputs, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw uniqueViolationToDomainError(error) ?? databaseErrorToDomainError(error, inputs) ?? error;
  }
}
