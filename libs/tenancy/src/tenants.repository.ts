// All SQL of the central `tenants` table (raw pg, like every central repository; errors through
// translateCentralError). Private to @nova/tenancy: other code goes through its use cases.
import type { Tenant, TenantStatus } from '@nova/central-db';
import type { Queryable } from '@nova/common';
import type { PlanLimitName } from '@nova/domain';
import { translatingErrors } from './central-errors';
import type { TenantRef } from './tenant-context';

/** Every column, named as the Prisma model names them (the `Tenant` type). */
const TENANT_COLUMNS = `id, slug, name, status, db_server AS "dbServer", db_name AS "dbName",
  test_db_server AS "testDbServer", test_db_name AS "testDbName", default_currency AS "defaultCurrency",
  invoice_prefix AS "invoicePrefix", payment_terms_days AS "paymentTermsDays", billing_email AS "billingEmail",
  draft_finalize_delay_minutes AS "draftFinalizeDelayMinutes", time_zone AS "timeZone", plan, trial_ends_at AS "trialEndsAt", mfa_required AS "mfaRequired", created_at AS "createdAt", activated_at AS "activatedAt",
  suspended_at AS "suspendedAt", updated_at AS "updatedAt"`;

/** What the directory caches: who the tenant is, where its databases live and its plan. */
const RECORD_COLUMNS = `id, slug, name, status, db_server AS "dbServer", db_name AS "dbName", test_db_server AS "testDbServer", test_db_name AS "testDbName", plan, trial_ends_at AS "trialEndsAt",
  EXISTS (SELECT 1 FROM admin_users owner WHERE owner.tenant_id = tenants.id AND owner.role = 'owner' AND owner.email_verified_at IS NOT NULL) AS "ownerVerified",
  (SELECT coalesce(jsonb_object_agg(o.limit_name, o.max), '{}'::jsonb) FROM tenant_limit_overrides o WHERE o.tenant_id = tenants.id) AS "limitOverrides"`;

/**
 * A tenant as the directory caches it (every request and job needs its status and databases).
 * `dbServer`/`dbName` are the live database; the test one is null only for a tenant registered
 * before test mode, until migrate:all-tenants creates it.
 */
export interface TenantRecord extends Omit<TenantRef, 'mode'> {
  slug: string;
  name: string;
  status: TenantStatus;
  testDbServer: string | null;
  testDbName: string | null;
  /** Its NovaBilling plan and when that plan's trial ends (the guard's read-only rule needs both on every request). */
  plan: string;
  trialEndsAt: Date | null;
  /** Whether one of its owners has verified an e-mail address (emailVerificationAllows: live mode needs it). */
  ownerVerified: boolean;
  /** An operator's overrides of its plan's limits (planLimitsOf: the limits a create checks against). */
  limitOverrides: Partial<Record<PlanLimitName, number | null>>;
}

export interface NewTenantRow {
  id: string;
  slug: string;
  name: string;
  dbServer: string;
  dbName: string;
  testDbName: string;
  defaultCurrency?: string;
  plan: string;
  trialEndsAt: Date | null;
}

/** The settings a tenant's admins may change (PATCH /tenants/me). */
export interface TenantSettingsChange {
  name?: string;
  defaultCurrency?: string;
  invoicePrefix?: string;
  paymentTermsDays?: number;
  draftFinalizeDelayMinutes?: number;
  billingEmail?: string;
  /** IANA name, canonical (UpdateTenantSettings checks and canonicalises it). */
  timeZone?: string;
  /** Owners only (UpdateTenantSettings checks the actor). */
  mfaRequired?: boolean;
}

const SETTINGS_COLUMNS: Record<keyof TenantSettingsChange, string> = {
  name: 'name',
  defaultCurrency: 'default_currency',
  invoicePrefix: 'invoice_prefix',
  paymentTermsDays: 'payment_terms_days',
  draftFinalizeDelayMinutes: 'draft_finalize_delay_minutes',
  billingEmail: 'billing_email',
  timeZone: 'time_zone',
  mfaRequired: 'mfa_required',
};

export async function insertProvisioningTenant(db: Queryable, tenant: NewTenantRow): Promise<Tenant> {
  // Without a currency, the column's default applies.
  const currency = tenant.defaultCurrency === undefined ? { column: '', value: [] } : { column: ', default_currency', value: [tenant.defaultCurrency] };
  const { rows } = await translatingErrors(() =>
    db.query<Tenant>(
      `INSERT INTO tenants (id, slug, name, status, db_server, db_name, test_db_server, test_db_name, plan, trial_ends_at, updated_at${currency.column})
       VALUES ($1, $2, $3, 'provisioning', $4, $5, $4, $6, $7, $8, now()${currency.value.length ? ', $9' : ''}) RETURNING ${TENANT_COLUMNS}`,
      [tenant.id, tenant.slug, tenant.name, tenant.dbServer, tenant.dbName, tenant.testDbName, tenant.plan, tenant.trialEndsAt, ...currency.value],
    ),
  );
  return rows[0]!;
}

export async function findTenantById(db: Queryable, id: string): Promise<Tenant | null> {
  const { rows } = await translatingErrors(() => db.query<Tenant>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE id = $1`, [id]));
  return rows[0] ?? null;
}

export async function findTenantBySlug(db: Queryable, slug: string): Promise<Tenant | null> {
  const { rows } = await translatingErrors(() => db.query<Tenant>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE slug = $1`, [slug]));
  return rows[0] ?? null;
}

export async function listTenants(db: Queryable): Promise<Tenant[]> {
  const { rows } = await translatingErrors(() => db.query<Tenant>(`SELECT ${TENANT_COLUMNS} FROM tenants ORDER BY created_at`));
  return rows;
}

export async function findTenantRecord(db: Queryable, id: string): Promise<TenantRecord | null> {
  const { rows } = await translatingErrors(() => db.query<TenantRecord>(`SELECT ${RECORD_COLUMNS} FROM tenants WHERE id = $1`, [id]));
  return rows[0] ?? null;
}

/** Every tenant, or those with one status, oldest first. */
export async function tenantRecords(db: Queryable, status?: TenantStatus): Promise<TenantRecord[]> {
  const { rows } = await translatingErrors(() =>
    status
      ? db.query<TenantRecord>(`SELECT ${RECORD_COLUMNS} FROM tenants WHERE status = $1::"TenantStatus" ORDER BY created_at`, [status])
      : db.query<TenantRecord>(`SELECT ${RECORD_COLUMNS} FROM tenants ORDER BY created_at`),
  );
  return rows;
}

/** Tenants whose database exists (provisioning ones are left out), by slug. */
export async function tenantsWithDatabases(db: Queryable): Promise<TenantRecord[]> {
  const { rows } = await translatingErrors(() => db.query<TenantRecord>(`SELECT ${RECORD_COLUMNS} FROM tenants WHERE status <> 'provisioning' ORDER BY slug`));
  return rows;
}

/** Records the test database of a tenant registered before test mode, once it is created and migrated. */
export async function recordTestDatabase(db: Queryable, id: string, location: { dbServer: string; dbName: string }): Promise<void> {
  await translatingErrors(() => db.query('UPDATE tenants SET test_db_server = $2, test_db_name = $3, updated_at = now() WHERE id = $1', [id, location.dbServer, location.dbName]));
}

export async function countTenantsByServer(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await translatingErrors(() => db.query<{ dbServer: string; count: number }>('SELECT db_server AS "dbServer", count(*)::int AS count FROM tenants GROUP BY db_server'));
  return new Map(rows.map((row) => [row.dbServer, row.count]));
}

export async function markTenantActive(db: Queryable, id: string): Promise<Tenant> {
  const { rows } = await translatingErrors(() =>
    db.query<Tenant>(`UPDATE tenants SET status = 'active', activated_at = now(), updated_at = now() WHERE id = $1 RETURNING ${TENANT_COLUMNS}`, [id]),
  );
  return rows[0]!;
}

/** Suspended (suspended_at set) or active again (cleared); null when the tenant does not exist. */
export async function setTenantSuspended(db: Queryable, id: string, suspended: boolean): Promise<Tenant | null> {
  const { rows } = await translatingErrors(() =>
    db.query<Tenant>(
      `UPDATE tenants SET status = $2::"TenantStatus", suspended_at = $3, updated_at = now() WHERE id = $1 RETURNING ${TENANT_COLUMNS}`,
      [id, suspended ? 'suspended' : 'active', suspended ? new Date() : null],
    ),
  );
  return rows[0] ?? null;
}

/** Null when the tenant does not exist. Only the given fields change. */
export async function updateTenantSettings(db: Queryable, id: string, change: TenantSettingsChange): Promise<Tenant | null> {
  const fields = (Object.keys(SETTINGS_COLUMNS) as (keyof TenantSettingsChange)[]).filter((field) => change[field] !== undefined);
  const assignments = fields.map((field, index) => `${SETTINGS_COLUMNS[field]} = $${index + 2}`);
  const { rows } = await translatingErrors(() =>
    db.query<Tenant>(`UPDATE tenants SET ${[...assignments, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING ${TENANT_COLUMNS}`, [id, ...fields.map((field) => change[field])]),
  );
  return rows[0] ?? null;
}

/** Registry rows only (users, keys and sessions go with it by cascade); the database is the caller's. */
export async function deleteTenantRow(db: Queryable, id: string): Promise<void> {
  await translatingErrors(() => db.query('DELETE FROM tenants WHERE id = $1', [id]));
}

export async function findBillingSettings(db: Queryable, id: string): Promise<{ invoicePrefix: string; paymentTermsDays: number; draftFinalizeDelayMinutes: number; timeZone: string } | null> {
  const { rows } = await translatingErrors(() =>
    db.query<{ invoicePrefix: string; paymentTermsDays: number; draftFinalizeDelayMinutes: number; timeZone: string }>(
      'SELECT invoice_prefix AS "invoicePrefix", payment_terms_days AS "paymentTermsDays", draft_finalize_delay_minutes AS "draftFinalizeDelayMinutes", time_zone AS "timeZone" FROM tenants WHERE id = $1',
      [id],
    ),
  );
  return rows[0] ?? null;
}

export async function findTenantProfile(db: Queryable, id: string): Promise<{ name: string; billingEmail: string | null; timeZone: string } | null> {
  const { rows } = await translatingErrors(() =>
    db.query<{ name: string; billingEmail: string | null; timeZone: string }>('SELECT name, billing_email AS "billingEmail", time_zone AS "timeZone" FROM tenants WHERE id = $1', [id]),
  );
  return rows[0] ?? null;
}

/** The tenant's NovaBilling plan as stored: its code, the trial's end and the operator's overrides. */
export interface StoredTenantPlan {
  plan: string;
  trialEndsAt: Date | null;
  overrides: Partial<Record<PlanLimitName, number | null>>;
}

/**
 * The stored plan; null when the tenant does not exist. With `lock`, the tenant's row is locked
 * FOR UPDATE (inside the caller's transaction): what counts central rows against a limit (API
 * keys, team seats) holds it until it has inserted, so two creates at the limit cannot both pass.
 */
export async function findTenantPlan(db: Queryable, id: string, options: { lock?: boolean } = {}): Promise<StoredTenantPlan | null> {
  const { rows } = await translatingErrors(() =>
    db.query<{ plan: string; trialEndsAt: Date | null }>(`SELECT plan, trial_ends_at AS "trialEndsAt" FROM tenants WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [id]),
  );
  if (!rows[0]) return null;
  const { rows: overrides } = await translatingErrors(() =>
    db.query<{ limitName: PlanLimitName; max: number | null }>('SELECT limit_name AS "limitName", max FROM tenant_limit_overrides WHERE tenant_id = $1', [id]),
  );
  return { ...rows[0], overrides: Object.fromEntries(overrides.map((row) => [row.limitName, row.max])) };
}

/** Null when the tenant does not exist. */
export async function updateTenantPlan(db: Queryable, id: string, plan: string, trialEndsAt: Date | null): Promise<Tenant | null> {
  const { rows } = await translatingErrors(() =>
    db.query<Tenant>(`UPDATE tenants SET plan = $2, trial_ends_at = $3, updated_at = now() WHERE id = $1 RETURNING ${TENANT_COLUMNS}`, [id, plan, trialEndsAt]),
  );
  return rows[0] ?? null;
}

/** Sets one limit's override (max null: unlimited). */
export async function upsertLimitOverride(db: Queryable, tenantId: string, limitName: PlanLimitName, max: number | null): Promise<void> {
  await translatingErrors(() =>
    db.query(
      `INSERT INTO tenant_limit_overrides (tenant_id, limit_name, max, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (tenant_id, limit_name) DO UPDATE SET max = EXCLUDED.max, updated_at = now()`,
      [tenantId, limitName, max],
    ),
  );
}

/** Back to the plan's own maximum. */
export async function deleteLimitOverride(db: Queryable, tenantId: string, limitName: PlanLimitName): Promise<void> {
  await translatingErrors(() => db.query('DELETE FROM tenant_limit_overrides WHERE tenant_id = $1 AND limit_name = $2', [tenantId, limitName]));
}

/** Where the tenant itself is reached: its billing e-mail, else its first owner's address (null when it has neither). */
export async function findTenantOwnAddress(db: Queryable, id: string): Promise<string | null> {
  const { rows } = await translatingErrors(() =>
    db.query<{ address: string | null }>(
      `SELECT coalesce(t.billing_email, (SELECT u.email FROM admin_users u WHERE u.tenant_id = t.id AND u.role = 'owner' ORDER BY u.created_at LIMIT 1)) AS address
       FROM tenants t WHERE t.id = $1`,
      [id],
    ),
  );
  return rows[0]?.address ?? null;
}
