// The honest baseline of the API benchmark: a bare Fastify + pg server, in a process of its own,
// doing the work an authenticated customers request needs and nothing else. Bearer key → SHA-256 →
// a Map loaded once from the central database's api_keys (the API's cached tenant) → one pg pool
// per tenant database (max TENANT_DB_POOL_MAX, as the API) → the customers repository's SQL → the
// API's JSON shape; a create runs the same statements as the API's (allowance, INSERT, outbox event,
// in one transaction). No validation framework, no interceptors, no logging, no metrics.
// Env: CENTRAL_DATABASE_URL, PG_SERVER_URL, TENANT_DB_POOL_MAX, PORT, HOST. Prints "listening" when ready.
import { createHash, randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { Pool } from 'pg';

const COLUMNS = `id, external_id AS "externalId", name, email, phone, currency, address, tax_id AS "taxId", metadata,
                 created_at AS "createdAt", updated_at AS "updatedAt"`;
const PAGE_SQL = `SELECT ${COLUMNS} FROM customers
            WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
              AND ($3::text IS NULL OR name ILIKE $3 OR email ILIKE $3)
            ORDER BY created_at DESC, id DESC
            LIMIT $4`;
const ALLOWANCE_SQL = `INSERT INTO platform_usage (metric, period, used, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (metric, period) DO UPDATE SET used = platform_usage.used + EXCLUDED.used, updated_at = now()
      WHERE $4::int IS NULL OR platform_usage.used + EXCLUDED.used <= $4::int
     RETURNING used`;
const EVENT_SQL = `INSERT INTO events (id, type, body, created_at)
     SELECT e.id, e.type, regexp_replace(e.body, '"livemode":true', '"livemode":' || coalesce(nullif(current_setting('nova.livemode', true), ''), 'true')),
            clock_timestamp() + (e.position * interval '1 millisecond')
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS e(id, type, body, position)`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Row {
  id: string;
  createdAt: Date;
  [column: string]: unknown;
}

async function main(): Promise<void> {
  const central = new Pool({ connectionString: process.env.CENTRAL_DATABASE_URL, max: 1 });
  const { rows: keys } = await central.query<{ secret_hash: string; db_name: string }>(
    `SELECT k.secret_hash, t.db_name FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.revoked_at IS NULL AND t.status = 'active'`,
  );
  await central.end();
  const poolMax = Number(process.env.TENANT_DB_POOL_MAX ?? 1);
  const pools = new Map<string, Pool>();
  const tenantByHash = new Map<string, Pool>();
  for (const key of keys) {
    let pool = pools.get(key.db_name);
    if (!pool) pools.set(key.db_name, (pool = new Pool({ connectionString: `${process.env.PG_SERVER_URL}/${key.db_name}`, max: poolMax })));
    tenantByHash.set(key.secret_hash, pool);
  }

  const app = Fastify({ logger: false });
  const tenant = (authorization: string | undefined): Pool | undefined =>
    authorization?.startsWith('Bearer ') ? tenantByHash.get(createHash('sha256').update(authorization.slice(7)).digest('hex')) : undefined;
  const dto = (row: Row) => ({ object: 'customer', ...row, createdAt: row.createdAt.toISOString(), updatedAt: (row.updatedAt as Date).toISOString() });

  app.get<{ Querystring: { limit?: string } }>('/api/customers', async (request, reply) => {
    const pool = tenant(request.headers.authorization);
    if (!pool) return reply.code(401).send({ statusCode: 401, message: 'Unauthorized' });
    const limit = Number(request.query.limit ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return reply.code(400).send({ statusCode: 400, message: 'limit' });
    const { rows } = await pool.query<Row>({ name: 'customers-page', text: PAGE_SQL, values: [null, null, null, limit + 1] });
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    const nextCursor = rows.length > limit && last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') : null;
    return { object: 'list', data: data.map(dto), nextCursor, hasMore: nextCursor !== null };
  });

  app.get<{ Params: { id: string } }>('/api/customers/:id', async (request, reply) => {
    const pool = tenant(request.headers.authorization);
    if (!pool) return reply.code(401).send({ statusCode: 401, message: 'Unauthorized' });
    if (!UUID.test(request.params.id)) return reply.code(400).send({ statusCode: 400, message: 'id' });
    const { rows } = await pool.query<Row>({ name: 'customer-by-id', text: `SELECT ${COLUMNS} FROM customers WHERE id = $1`, values: [request.params.id] });
    if (!rows[0]) return reply.code(404).send({ statusCode: 404, message: 'Not found' });
    return dto(rows[0]);
  });

  // The statements the API's createCustomer runs, in one transaction: the plan allowance counter
  // (platform_usage), the INSERT, the outbox event (events); the API also reads the tenant's plan
  // limits from the central database, which this server has in memory (no limit at all here).
  app.post<{ Body: { name?: unknown; email?: unknown } }>('/api/customers', async (request, reply) => {
    const pool = tenant(request.headers.authorization);
    if (!pool) return reply.code(401).send({ statusCode: 401, message: 'Unauthorized' });
    const { name, email } = request.body ?? {};
    if (typeof name !== 'string' || typeof email !== 'string' || !email.includes('@')) return reply.code(400).send({ statusCode: 400, message: 'body' });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(ALLOWANCE_SQL, ['customers', '', 1, null]);
      const { rows } = await client.query<Row>(
        `INSERT INTO customers (id, external_id, name, email, phone, currency, address, tax_id, metadata, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::jsonb, $7, coalesce($8::jsonb, '{}'), now())
         RETURNING ${COLUMNS}`,
        [null, name, email, null, null, null, null, null],
      );
      const customer = dto(rows[0]!);
      const event = { id: `evt_${randomBytes(12).toString('hex')}`, object: 'event', type: 'customer.created', livemode: true, created: new Date().toISOString(), data: { object: customer } };
      await client.query(EVENT_SQL, [[event.id], [event.type], [JSON.stringify(event)]]);
      await client.query('COMMIT');
      return reply.code(201).send(customer);
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  });

  const close = async () => {
    await app.close();
    await Promise.all([...pools.values()].map((pool) => pool.end()));
    process.exit(0);
  };
  process.once('SIGTERM', () => void close());
  await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
  console.log('listening');
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
