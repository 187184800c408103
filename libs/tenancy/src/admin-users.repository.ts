// All SQL of the central `admin_users` and `refresh_sessions` tables (raw pg; errors through
// translateCentralError). Private to @nova/tenancy.
import type { AdminRole, AdminUser } from '@nova/central-db';
import { type Keyset, type KeysetWindow, keysetSql, type Queryable } from '@nova/common';
import { translatingErrors } from './central-errors';

const USER_COLUMNS = `id, tenant_id AS "tenantId", email, name, password_hash AS "passwordHash", role, created_at AS "createdAt", last_login_at AS "lastLoginAt",
  email_verified_at AS "emailVerifiedAt", totp_enabled_at AS "totpEnabledAt"`;

/** A user row as the repository reads it; the TOTP secret and last step are read only by the MFA functions below. */
export type AdminUserRow = Omit<AdminUser, 'totpSecret' | 'totpLastStep'>;

/** Who a session or an access token is for. */
export type SessionUser = Pick<AdminUser, 'id' | 'tenantId' | 'role'>;

export interface NewAdminUser {
  tenantId: string;
  email: string;
  name: string;
  passwordHash: string;
  role: AdminRole;
  /** An invitee proved the address by opening the invitation. */
  emailVerified?: boolean;
}

export async function insertAdminUser(db: Queryable, user: NewAdminUser): Promise<AdminUserRow> {
  const { rows } = await translatingErrors(() =>
    db.query<AdminUserRow>(
      `INSERT INTO admin_users (id, tenant_id, email, name, password_hash, role, email_verified_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::"AdminRole", CASE WHEN $6 THEN now() END) RETURNING ${USER_COLUMNS}`,
      [user.tenantId, user.email, user.name, user.passwordHash, user.role, user.emailVerified === true],
    ),
  );
  return rows[0]!;
}

/** The tenant's users (admin_users (tenant_id); a team is small). */
export async function countTeamMembers(db: Queryable, tenantId: string): Promise<number> {
  const { rows } = await translatingErrors(() => db.query<{ count: number }>('SELECT count(*)::int AS count FROM admin_users WHERE tenant_id = $1', [tenantId]));
  return rows[0]!.count;
}

export async function findAdminUserByEmail(db: Queryable, email: string): Promise<AdminUserRow | null> {
  const { rows } = await translatingErrors(() => db.query<AdminUserRow>(`SELECT ${USER_COLUMNS} FROM admin_users WHERE email = $1`, [email]));
  return rows[0] ?? null;
}

export async function isEmailTaken(db: Queryable, email: string): Promise<boolean> {
  const { rowCount } = await translatingErrors(() => db.query('SELECT 1 FROM admin_users WHERE email = $1', [email]));
  return rowCount === 1;
}

export interface AdminContact {
  email: string;
  name: string;
  tenantName: string;
}

export async function findAdminContact(db: Queryable, userId: string): Promise<AdminContact | null> {
  const { rows } = await translatingErrors(() =>
    db.query<AdminContact>('SELECT u.email, u.name, t.name AS "tenantName" FROM admin_users u JOIN tenants t ON t.id = u.tenant_id WHERE u.id = $1', [userId]),
  );
  return rows[0] ?? null;
}

/** The tenant's owners, to e-mail about the tenant's own set-up (a webhook endpoint disabled). */
export async function findOwnerContacts(db: Queryable, tenantId: string): Promise<AdminContact[]> {
  const { rows } = await translatingErrors(() =>
    db.query<AdminContact>(`SELECT u.email, u.name, t.name AS "tenantName" FROM admin_users u JOIN tenants t ON t.id = u.tenant_id WHERE u.tenant_id = $1 AND u.role = 'owner' ORDER BY u.created_at`, [tenantId]),
  );
  return rows;
}

export async function recordLogin(db: Queryable, userId: string): Promise<void> {
  await translatingErrors(() => db.query('UPDATE admin_users SET last_login_at = now() WHERE id = $1', [userId]));
}

export interface NewRefreshSession {
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  userAgent?: string;
  ip?: string;
}

export interface RefreshSessionRow {
  id: string;
  familyId: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
  user: SessionUser;
}

export async function insertRefreshSession(db: Queryable, session: NewRefreshSession): Promise<void> {
  await translatingErrors(() =>
    db.query('INSERT INTO refresh_sessions (id, user_id, family_id, token_hash, expires_at, user_agent, ip) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)', [
      session.userId,
      session.familyId,
      session.tokenHash,
      session.expiresAt,
      session.userAgent ?? null,
      session.ip ?? null,
    ]),
  );
}

export async function findRefreshSession(db: Queryable, tokenHash: string): Promise<RefreshSessionRow | null> {
  const { rows } = await translatingErrors(() =>
    db.query<Omit<RefreshSessionRow, 'user'> & { userId: string; tenantId: string; role: AdminRole }>(
      `SELECT s.id, s.family_id AS "familyId", s.expires_at AS "expiresAt", s.rotated_at AS "rotatedAt", s.revoked_at AS "revokedAt",
              u.id AS "userId", u.tenant_id AS "tenantId", u.role
         FROM refresh_sessions s JOIN admin_users u ON u.id = s.user_id
        WHERE s.token_hash = $1`,
      [tokenHash],
    ),
  );
  const row = rows[0];
  if (!row) return null;
  const { userId, tenantId, role, ...session } = row;
  return { ...session, user: { id: userId, tenantId, role } };
}

/** Marks the session rotated unless it already was (or was revoked): of two concurrent uses of one token, exactly one gets true. */
export async function claimRefreshSession(db: Queryable, sessionId: string): Promise<boolean> {
  const { rowCount } = await translatingErrors(() =>
    db.query('UPDATE refresh_sessions SET rotated_at = now() WHERE id = $1 AND rotated_at IS NULL AND revoked_at IS NULL', [sessionId]),
  );
  return rowCount === 1;
}

/** Revokes the login's open sessions; true when one was still open. */
export async function revokeSessionFamily(db: Queryable, familyId: string): Promise<boolean> {
  const { rowCount } = await translatingErrors(() => db.query('UPDATE refresh_sessions SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [familyId]));
  return (rowCount ?? 0) > 0;
}

export async function findAdminUserById(db: Queryable, id: string): Promise<AdminUserRow | null> {
  const { rows } = await translatingErrors(() => db.query<AdminUserRow>(`SELECT ${USER_COLUMNS} FROM admin_users WHERE id = $1`, [id]));
  return rows[0] ?? null;
}

export async function updatePasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await translatingErrors(() => db.query('UPDATE admin_users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]));
}

/** Every open session of the user (each login family) is revoked. */
export async function revokeUserSessions(db: Queryable, userId: string): Promise<void> {
  await translatingErrors(() => db.query('UPDATE refresh_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]));
}

export interface TeamMember {
  id: string;
  email: string;
  name: string;
  role: AdminRole;
  createdAt: Date;
  lastLoginAt: Date | null;
  emailVerifiedAt: Date | null;
  totpEnabledAt: Date | null;
}

const MEMBER_COLUMNS = 'id, email, name, role, created_at AS "createdAt", last_login_at AS "lastLoginAt", email_verified_at AS "emailVerifiedAt", totp_enabled_at AS "totpEnabledAt"';

/** One keyset page of the tenant's users (window.fetch rows, in the window's order): a team on the scale plan has no seat limit. */
export async function listTeamMembers(db: Queryable, tenantId: string, window: KeysetWindow): Promise<TeamMember[]> {
  const keyset = keysetSql(window, 2);
  const { rows } = await translatingErrors(() =>
    db.query<TeamMember>(`SELECT ${MEMBER_COLUMNS} FROM admin_users WHERE tenant_id = $1 AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $8`, [tenantId, ...keyset.values, window.fetch]),
  );
  return rows;
}

/** A user's keyset position among the tenant's, for starting_after / ending_before. */
export async function teamMemberPosition(db: Queryable, tenantId: string, id: string): Promise<Keyset | undefined> {
  const { rows } = await translatingErrors(() => db.query<Keyset>('SELECT created_at AS "createdAt", id FROM admin_users WHERE tenant_id = $1 AND id = $2', [tenantId, id]));
  return rows[0];
}

/** Locks every user row of the tenant (inside the caller's transaction), so two team changes cannot both remove "the other" owner. */
export async function lockTeam(db: Queryable, tenantId: string): Promise<TeamMember[]> {
  const { rows } = await translatingErrors(() => db.query<TeamMember>(`SELECT ${MEMBER_COLUMNS} FROM admin_users WHERE tenant_id = $1 ORDER BY id FOR UPDATE`, [tenantId]));
  return rows;
}

export async function updateUserRole(db: Queryable, userId: string, role: AdminRole): Promise<TeamMember> {
  const { rows } = await translatingErrors(() => db.query<TeamMember>(`UPDATE admin_users SET role = $2::"AdminRole" WHERE id = $1 RETURNING ${MEMBER_COLUMNS}`, [userId, role]));
  return rows[0]!;
}

/** The user and (by cascade) their sessions. */
export async function deleteAdminUser(db: Queryable, userId: string): Promise<void> {
  await translatingErrors(() => db.query('DELETE FROM admin_users WHERE id = $1', [userId]));
}

/** A login (a refresh-token family) that can still be refreshed. */
export interface ActiveSession {
  id: string;
  signedInAt: Date;
  lastRefreshedAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

/** A session's live row: the family's latest token, neither spent, revoked nor expired. */
const LIVE_SESSION = 's.user_id = $1 AND s.rotated_at IS NULL AND s.revoked_at IS NULL AND s.expires_at > now()';

/**
 * One keyset page of the user's logins whose latest token is neither spent, revoked nor expired
 * (window.fetch rows, in the window's order), most recently used first: the position of a login is
 * its latest token's (created_at, family_id), so a login refreshed meanwhile moves to the top.
 */
export async function listActiveSessions(db: Queryable, userId: string, window: KeysetWindow): Promise<ActiveSession[]> {
  const keyset = keysetSql(window, 2, { createdAt: 's.created_at', id: 's.family_id' });
  const { rows } = await translatingErrors(() =>
    db.query<ActiveSession>(
      `SELECT s.family_id AS id, f.signed_in_at AS "signedInAt", s.created_at AS "lastRefreshedAt", s.expires_at AS "expiresAt", s.user_agent AS "userAgent", s.ip
         FROM refresh_sessions s
         JOIN (SELECT family_id, min(created_at) AS signed_in_at FROM refresh_sessions WHERE user_id = $1 GROUP BY family_id) f ON f.family_id = s.family_id
        WHERE ${LIVE_SESSION} AND ${keyset.where}
        ORDER BY ${keyset.order} LIMIT $8`,
      [userId, ...keyset.values, window.fetch],
    ),
  );
  return rows;
}

/** A live login's keyset position (its latest token), for starting_after / ending_before. */
export async function activeSessionPosition(db: Queryable, userId: string, familyId: string): Promise<Keyset | undefined> {
  const { rows } = await translatingErrors(() =>
    db.query<Keyset>(`SELECT s.created_at AS "createdAt", s.family_id AS id FROM refresh_sessions s WHERE ${LIVE_SESSION} AND s.family_id = $2`, [userId, familyId]),
  );
  return rows[0];
}

/** Revokes one login of the user; false when the user has no such live login. */
export async function revokeUserSession(db: Queryable, userId: string, familyId: string): Promise<boolean> {
  const { rowCount } = await translatingErrors(() =>
    db.query('UPDATE refresh_sessions SET revoked_at = now() WHERE user_id = $1 AND family_id = $2 AND revoked_at IS NULL', [userId, familyId]),
  );
  return (rowCount ?? 0) > 0;
}

/** The user's tenant requires MFA and the user has none (enabled): their sessions may only enrol. */
export async function needsMfaEnrolment(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await translatingErrors(() =>
    db.query<{ needs: boolean }>('SELECT t.mfa_required AND u.totp_enabled_at IS NULL AS needs FROM admin_users u JOIN tenants t ON t.id = u.tenant_id WHERE u.id = $1', [userId]),
  );
  return rows[0]?.needs === true;
}

/** Idempotent: the first proof of the address is the one kept. */
export async function markEmailVerified(db: Queryable, userId: string): Promise<void> {
  await translatingErrors(() => db.query('UPDATE admin_users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1', [userId]));
}

/** The confirmed new address, verified by the confirmation itself (the unique index answers a taken one: 409 naming email). */
export async function updateUserEmail(db: Queryable, userId: string, email: string): Promise<void> {
  await translatingErrors(() => db.query('UPDATE admin_users SET email = $2, email_verified_at = now() WHERE id = $1', [userId, email]));
}

export interface TotpState {
  /** Sealed (CredentialsCipher); null without MFA. */
  secret: string | null;
  enabledAt: Date | null;
  lastStep: number | null;
}

/** `FOR UPDATE` inside a transaction: two codes checked at once cannot both take the same step. */
export async function findTotpState(db: Queryable, userId: string, options: { lock?: boolean } = {}): Promise<TotpState | null> {
  const { rows } = await translatingErrors(() =>
    db.query<TotpState>(
      `SELECT totp_secret AS secret, totp_enabled_at AS "enabledAt", totp_last_step::float8 AS "lastStep" FROM admin_users WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [userId],
    ),
  );
  return rows[0] ?? null;
}

/** A new enrolment: a fresh sealed secret, not enabled until its first code is confirmed. */
export async function setPendingTotpSecret(db: Queryable, userId: string, sealedSecret: string): Promise<void> {
  await translatingErrors(() => db.query('UPDATE admin_users SET totp_secret = $2, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1', [userId, sealedSecret]));
}

/** After the enrolment's first code was accepted (TotpSecrets.acceptCode recorded its step). */
export async function enableTotp(db: Queryable, userId: string): Promise<void> {
  await translatingErrors(() => db.query('UPDATE admin_users SET totp_enabled_at = now() WHERE id = $1', [userId]));
}

export async function recordTotpStep(db: Queryable, userId: string, step: number): Promise<void> {
  await translatingErrors(() => db.query('UPDATE admin_users SET totp_last_step = $2 WHERE id = $1', [userId, step]));
}

export async function clearTotp(db: Queryable, userId: string): Promise<void> {
  await translatingErrors(() => db.query('UPDATE admin_users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1', [userId]));
}
