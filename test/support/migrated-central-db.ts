// Medium tests of the tenancy use cases: a fresh central database of their own, with every
// central migration applied (real PostgreSQL, no mocks), and the tenancy services wired by hand
// as the Nest modules wire them.
import { randomBytes, randomUUID } from 'node:crypto';
import { CentralDb, TenantStatus } from '@nova/central-db';
import { AppConfig, CentralDbConfig } from '@nova/config';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { Queue } from 'bullmq';
import { CredentialsCipher } from '@nova/payments';
import { AccountMailJob, InvalidationBus, QUEUES, redisOptionsFromUrl } from '@nova/queue';
import {
  AccountMailQueue,
  PasswordHasher,
  SessionGrant,
  SessionUser,
  TenantConnections,
  TenantDatabases,
  TenantDirectory,
  TenantProvisioning,
  TotpSecrets,
  startSession,
} from '@nova/tenancy';
import { endPoolCompletely, withAdminConnection } from './test-databases';
import { PG_SERVER_URL, TEST_DB_PREFIX, testConfig } from './test-env';

/** Named under TEST_DB_PREFIX, so the run's teardown drops it (and the tenant databases made here) even when the file does not get to. */
export interface MigratedCentralDb {
  readonly central: CentralDb;
  /** testConfig() pointed at this central database. */
  readonly config: AppConfig;
  drop(): Promise<void>;
}

export async function migratedCentralDb(name: string): Promise<MigratedCentralDb> {
  const dbName = `${TEST_DB_PREFIX}central_${name}_${randomBytes(4).toString('hex')}`;
  const url = `${PG_SERVER_URL}/${dbName}`;
  await withAdminConnection((admin) => admin.query(`CREATE DATABASE "${dbName}"`));
  await migrateDatabase(url, await loadMigrations(`${process.cwd()}/prisma/central/migrations`));
  const config = testConfig({ CENTRAL_DATABASE_URL: url });
  const central = new CentralDb(new CentralDbConfig(url, 4));
  const endPool = endPoolCompletely(central.pool);
  return {
    central,
    config,
    drop: async () => {
      await endPool();
      await withAdminConnection((admin) => admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    },
  };
}

/** The tenancy collaborators the use cases take, on one central database; `close()` ends their connections. */
export interface TenancyServices {
  readonly bus: InvalidationBus;
  readonly directory: TenantDirectory;
  readonly connections: TenantConnections;
  readonly databases: TenantDatabases;
  readonly provisioning: TenantProvisioning;
  readonly passwords: PasswordHasher;
  /** The account-security queue of this test's own namespace; `queuedAccountMail()` reads what the use cases put on it. */
  readonly accountMail: AccountMailQueue;
  queuedAccountMail(): Promise<AccountMailJob[]>;
  readonly totp: TotpSecrets;
  readonly cipher: CredentialsCipher;
  close(): Promise<void>;
}

export function tenancyServices({ central, config }: MigratedCentralDb): TenancyServices {
  const bus = new InvalidationBus(config.redis);
  const directory = new TenantDirectory(central, bus);
  const connections = new TenantConnections(config.tenantDb);
  const databases = new TenantDatabases(config.tenantDb, central);
  const mailQueue = new Queue<AccountMailJob>(QUEUES.accountSecurity, { connection: redisOptionsFromUrl(config.redis.url), prefix: config.redis.queuePrefix });
  const cipher = CredentialsCipher.fromConfig({ encryptionKey: config.encryption.key });
  return {
    bus,
    directory,
    connections,
    databases,
    provisioning: new TenantProvisioning(central, databases, connections, directory),
    passwords: new PasswordHasher(),
    accountMail: new AccountMailQueue(mailQueue),
    queuedAccountMail: async () => (await mailQueue.getJobs(['waiting', 'delayed', 'prioritized'], 0, -1, true)).map((job) => job.data),
    totp: new TotpSecrets(cipher),
    cipher,
    close: async () => {
      await mailQueue.obliterate({ force: true });
      await mailQueue.close();
      await connections.onModuleDestroy();
      await bus.onModuleDestroy();
    },
  };
}

/**
 * A registry row and an owner, without a tenant database (the use cases under test only touch
 * the central one). The password hash is a placeholder: sign-in tests hash their own.
 */
export async function seedTenant(
  central: CentralDb,
  options: { status?: TenantStatus; plan?: string; trialEndsAt?: Date; passwordHash?: string } = {},
): Promise<{ tenantId: string; slug: string; userId: string; email: string }> {
  const tenantId = randomUUID();
  const slug = `t-${randomBytes(4).toString('hex')}`;
  const email = `owner@${slug}.test`;
  await central.pool.query(
    `INSERT INTO tenants (id, slug, name, status, db_server, db_name, plan, trial_ends_at, updated_at) VALUES ($1, $2, $3, $4::"TenantStatus", 'main', $5, $6, $7, now())`,
    [tenantId, slug, `Tenant ${slug}`, options.status ?? 'active', `nodb_${tenantId.replace(/-/g, '')}`, options.plan ?? 'scale', options.trialEndsAt ?? null],
  );
  const { rows } = await central.pool.query<{ id: string }>(
    `INSERT INTO admin_users (id, tenant_id, email, name, password_hash, role) VALUES (gen_random_uuid(), $1, $2, 'Owner', $3, 'owner') RETURNING id`,
    [tenantId, email, options.passwordHash ?? 'not-a-hash'],
  );
  return { tenantId, slug, userId: rows[0]!.id, email };
}

/** A seeded tenant's owner, signed in (a fresh login: a family of its own). */
export async function signedInOwner(central: CentralDb, options: { status?: TenantStatus } = {}): Promise<{ slug: string; user: SessionUser; grant: SessionGrant }> {
  const seeded = await seedTenant(central, options);
  const user: SessionUser = { id: seeded.userId, tenantId: seeded.tenantId, role: 'owner' };
  return { slug: seeded.slug, user, grant: await startSession(central, { user, meta: { ip: '192.0.2.1' }, refreshTokenTtlDays: 30 }) };
}

/** The user's refresh sessions, oldest first: whether each was spent and whether it was signed out. */
export async function refreshSessionsOf(central: CentralDb, userId: string): Promise<{ rotated_at: Date | null; revoked_at: Date | null }[]> {
  const { rows } = await central.pool.query('SELECT rotated_at, revoked_at FROM refresh_sessions WHERE user_id = $1 ORDER BY created_at', [userId]);
  return rows;
}
