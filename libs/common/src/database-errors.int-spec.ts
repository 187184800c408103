// Real errors from a real tenant database, on both paths the code uses (a bare pg pool and
// Prisma on the pg driver adapter), translated the way the API answers them.
import { ErrorCode } from '@nova/domain';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { TenantPrismaClient } from '@nova/tenant-db';
import { withAdminConnection } from '../../../test/support/test-databases';
import { PG_SERVER_URL, TEST_DB_PREFIX } from '../../../test/support/test-env';
import { databaseErrorToDomainError, isDatabaseUnavailable, uniqueViolationToDomainError } from './database-errors';

const NO_PRODUCT = '00000000-0000-4000-8000-000000000000';

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse');
}

describe('database errors', () => {
  const name = `${TEST_DB_PREFIX}dberrors`;
  const url = `${PG_SERVER_URL}/${name}`;
  let pool: Pool;
  let prisma: TenantPrismaClient;

  beforeAll(async () => {
    await withAdminConnection(async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
    });
    await migrateDatabase(url, await loadMigrations(`${process.cwd()}/prisma/tenant/migrations`));
    pool = new Pool({ connectionString: url, max: 2 });
    prisma = new TenantPrismaClient({ adapter: new PrismaPg(pool) });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await pool?.end();
    await withAdminConnection((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });

  it('names the field of a foreign key that points nowhere (Prisma and pg)', async () => {
    const inputs = { body: { code: 'c', name: 'n', productId: NO_PRODUCT } };
    const viaPrisma = databaseErrorToDomainError(await failure(() => prisma.plan.create({ data: { code: 'c', name: 'n', productId: NO_PRODUCT } })), inputs);
    const viaPg = databaseErrorToDomainError(
      await failure(() => pool.query("INSERT INTO plans (id, code, name, product_id, updated_at) VALUES (gen_random_uuid(), 'c', 'n', $1, now())", [NO_PRODUCT])),
      inputs,
    );
    for (const error of [viaPrisma, viaPg]) {
      expect(error?.code).toBe(ErrorCode.ValidationFailed);
      expect(error?.details?.fields).toEqual([{ field: 'productId', message: expect.stringMatching(/does not exist/) }]);
    }
  });

  it('answers a unique violation as the same 409 naming its fields (Prisma and pg)', async () => {
    await pool.query("INSERT INTO plans (id, code, name, updated_at) VALUES (gen_random_uuid(), 'dup', 'n', now())");
    const viaPrisma = uniqueViolationToDomainError(await failure(() => prisma.plan.create({ data: { code: 'dup', name: 'n' } })));
    const viaPg = uniqueViolationToDomainError(await failure(() => pool.query("INSERT INTO plans (id, code, name, updated_at) VALUES (gen_random_uuid(), 'dup', 'n', now())")));
    for (const error of [viaPrisma, viaPg]) {
      expect(error).toMatchObject({ code: ErrorCode.Conflict, message: 'A record with this code already exists', details: { fields: [{ field: 'code', message: 'must be unique' }] } });
    }
    expect(uniqueViolationToDomainError(await failure(() => pool.query('SELECT 1/0')))).toBeNull();
  });

  it('names the field holding a value of the wrong form or out of range', async () => {
    const uuid = databaseErrorToDomainError(await failure(() => prisma.product.findUnique({ where: { id: 'not-a-uuid' } })), { params: { id: 'not-a-uuid' } });
    expect(uuid?.details?.fields).toEqual([{ field: 'id', message: 'has an invalid value' }]);
    const range = databaseErrorToDomainError(await failure(() => prisma.plan.create({ data: { code: 'r', name: 'r', trialDays: 2 ** 40 } })), { body: { trialDays: 2 ** 40 } });
    expect(range?.details?.fields).toEqual([{ field: 'trialDays', message: 'is out of range' }]);
    // Prisma sends timestamps in its own format: the field is found by the instant.
    const year0 = await failure(() => prisma.product.create({ data: { name: 'old', createdAt: new Date('0000-01-01T00:00:00Z') } }));
    expect(databaseErrorToDomainError(year0, { body: { createdAt: '0000-01-01T00:00:00Z' } })?.details?.fields).toEqual([{ field: 'createdAt', message: 'has an invalid value' }]);
    const pgRange = databaseErrorToDomainError(await failure(() => pool.query('SELECT $1::int', ['99999999999'])), { query: { limit: '99999999999' } });
    expect(pgRange?.details?.fields).toEqual([{ field: 'limit', message: 'is out of range' }]);
  });

  it('turns NUL characters into a 400, not a 500 (Prisma and pg)', async () => {
    const inputs = { body: { name: 'a\u0000b' } };
    for (const error of [await failure(() => prisma.product.create({ data: { name: 'a\u0000b' } })), await failure(() => pool.query('SELECT $1::text', ['a\u0000b']))]) {
      expect(databaseErrorToDomainError(error, inputs)?.code).toBe(ErrorCode.ValidationFailed);
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });

  it('leaves errors the caller did not cause alone', async () => {
    expect(databaseErrorToDomainError(await failure(() => pool.query('SELECT * FROM no_such_table')))).toBeNull();
    expect(databaseErrorToDomainError(new TypeError('x is undefined'))).toBeNull();
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
  });

  it('knows an unreachable server, an exhausted pool and a terminated backend', async () => {
    const dead = new Pool({ connectionString: 'postgresql://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 1_000 });
    const deadPrisma = new TenantPrismaClient({ adapter: new PrismaPg(dead) });
    try {
      expect(isDatabaseUnavailable(await failure(() => dead.query('SELECT 1')))).toBe(true);
      expect(isDatabaseUnavailable(await failure(() => deadPrisma.product.findMany()))).toBe(true);
    } finally {
      await dead.end();
    }

    // 53300: a role (like a server) out of connection slots.
    const role = `${TEST_DB_PREFIX}no_slots`;
    await pool.query(`DROP ROLE IF EXISTS "${role}"`);
    await pool.query(`CREATE ROLE "${role}" LOGIN CONNECTION LIMIT 0`);
    const full = new Pool({ connectionString: `postgresql://${role}@127.0.0.1:5432/${name}` });
    try {
      const error = await failure(() => full.query('SELECT 1'));
      expect((error as { code?: string }).code).toBe('53300');
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await full.end();
      await pool.query(`DROP ROLE IF EXISTS "${role}"`);
    }

    const tiny = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 200 });
    const held = await tiny.connect();
    try {
      expect(isDatabaseUnavailable(await failure(() => tiny.query('SELECT 1')))).toBe(true);
      const { rows } = await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      held.on('error', () => undefined); // the pool would otherwise rethrow the termination
      await pool.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      expect(isDatabaseUnavailable(await failure(() => held.query('SELECT 1')))).toBe(true);
    } finally {
      held.release(true);
      await tiny.end();
    }
  });
});
