// The honest baseline of the API benchmark: a bare Fastify + pg server, in a process of its own,
// doing the work an authenticated customers request needs and nothing else. Bearer key → SHA-256 →
// a Map loaded once from the central database's api_keys (the API's cached tenant) → one pg pool
// per tenant database (max TENANT_DB_POOL_MAX, as the API) → the customers repository's SQL → the
// API's JSON shape. No validation framework, no interceptors, no logging, no metrics.
// Env: CENTRAL_DATABASE_URL, PG_SERVER_URL, TENANT_DB_POOL_MAX, PORT, HOST. Prints "listening" when ready.
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { Pool } from 'pg';

const COLUMNS = `id, external_id AS "externalId", name, email, phone, currency, address, tax_id AS "taxId", metadata,
                 created_at AS "createdAt", updated_at AS "updatedAt"`;
const PAGE_SQL = `SELECT ${COLUMNS} FROM customers
            WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
              AND ($3::text IS NULL OR name ILIKE $3 OR email ILIKE $3)
            ORDER BY created_at DESC, id DESC
            LIMIT $4`;
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

  app.post<{ Body: { name?: unknown; email?: unknown } }>('/api/customers', async (request, reply) => {
    const pool = tenant(request.headers.authorization);
    if (!pool) return reply.code(401).send({ statusCode: 401, message: 'Unauthorized' });
    const { name, email } = request.body ?? {};
    if (typeof name !== 'string' || typeof email !== 'string' || !email.includes('@')) return reply.code(400).send({ statusCode: 400, message: 'body' });
    const { rows } = await pool.query<Row>(
      `INSERT INTO customers (id, external_id, name, email, phone, currency, address, tax_id, metadata, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::jsonb, $7, coalesce($8::jsonb, '{}'), now())
       RETURNING ${COLUMNS}`,
      [null, name, email, null, null, null, null, null],
    );
    return reply.code(201).send(dto(rows[0]!));
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
