import type { Pool, PoolClient, QueryConfig } from 'pg';

/** The nova.audit_context value for the current request or job, or undefined outside one. */
export type AuditSettingSource = () => Promise<string | undefined>;

const TRANSACTION_START = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const LEADING_COMMENTS = /^(\s*--[^\n]*\n|\s*\/\*[\s\S]*?\*\/)*/;
const WRITE_STATEMENT = /^\s*(INSERT|UPDATE|DELETE|MERGE|COPY)\b/i;
/** A data-modifying CTE inside a WITH: `INSERT INTO`, `DELETE FROM`, `UPDATE <table> [AS alias] SET` (not `FOR UPDATE`). */
const MODIFYING_CTE = /\b(INSERT\s+INTO|DELETE\s+FROM|MERGE\s+INTO|UPDATE\s+(?!(OF|SKIP|NOWAIT)\b)[\w."]+(\s+(AS\s+)?\w+)?\s+SET)\b/i;

/** Whether a statement run on its own (pool.query) may write: reads are passed straight through. */
export function mayWrite(sql: string): boolean {
  let known = writesBySql.get(sql);
  if (known === undefined) {
    const statement = sql.replace(LEADING_COMMENTS, '');
    known = WRITE_STATEMENT.test(statement) || (/^\s*WITH\b/i.test(statement) && MODIFYING_CTE.test(statement));
    // The statements are mostly the repositories' constants: a small memo spares the regexes per query.
    if (writesBySql.size >= MEMO_MAX) writesBySql.clear();
    writesBySql.set(sql, known);
  }
  return known;
}
const MEMO_MAX = 2_000;
const writesBySql = new Map<string, boolean>();

function sqlOf(query: unknown): string | undefined {
  if (typeof query === 'string') return query;
  if (query && typeof query === 'object' && typeof (query as QueryConfig).text === 'string') return (query as QueryConfig).text;
  return undefined;
}

const settingStatement = (client: PoolClient, setting: string) => `SELECT set_config('nova.audit_context', ${client.escapeLiteral(setting)}, true)`;

/**
 * The tenant's pool as use cases get it in a request or a job: the same pool, except that every write
 * carries the audit context the audit triggers record (who, from where), transaction-locally, so it
 * can never leak to the next user of the connection:
 *
 * - a transaction (`BEGIN` on a client from `connect()`, as inTransaction does) sets it in the same
 *   round trip as the BEGIN (`BEGIN; SELECT set_config(…, true)`, one simple-protocol message);
 * - a single statement that may write (pool.query of INSERT/UPDATE/DELETE, or a WITH holding one)
 *   runs in a transaction of its own that sets it (two round trips more);
 * - reads through pool.query are untouched (no extra round trip, nothing parsed but a regex).
 *
 * Only `query` and `connect` differ; everything else (counts, events, end) is the pool's own.
 */
export function auditedPool(pool: Pool, setting: AuditSettingSource): Pool {
  const query = (text: unknown, ...rest: unknown[]): unknown => {
    const sql = sqlOf(text);
    const call = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    if (sql === undefined || !mayWrite(sql) || typeof rest[rest.length - 1] === 'function') return call(text, ...rest);
    return (async () => {
      const value = await setting();
      if (value === undefined) return call(text, ...rest);
      const client = await pool.connect();
      try {
        await client.query(`BEGIN; ${settingStatement(client, value)}`);
        const result = await (client.query as (...args: unknown[]) => Promise<unknown>)(text, ...rest);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    })();
  };
  const connect = async (...args: unknown[]): Promise<PoolClient> => {
    if (args.length > 0) throw new Error('auditedPool.connect takes no callback: await it');
    return auditedClient(await pool.connect(), setting);
  };
  return delegating(pool, { query, connect });
}

/** A client whose BEGIN also sets the audit context for the transaction it starts. */
function auditedClient(client: PoolClient, setting: AuditSettingSource): PoolClient {
  const query = (text: unknown, ...rest: unknown[]): unknown => {
    const call = client.query.bind(client) as (...args: unknown[]) => unknown;
    if (typeof text !== 'string' || rest.length > 0 || !TRANSACTION_START.test(text)) return call(text, ...rest);
    return setting().then((value) => call(value === undefined ? text : `${text}; ${settingStatement(client, value)}`));
  };
  return delegating(client, { query });
}

/** `target` with some methods replaced; every other property read (and method call) goes to `target` itself. */
function delegating<T extends object>(target: T, overrides: Record<string, unknown>): T {
  return new Proxy(target, {
    get(object, property) {
      if (typeof property === 'string' && Object.prototype.hasOwnProperty.call(overrides, property)) return overrides[property];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
