// All SQL of the central `account_tokens` and `mfa_recovery_codes` tables (raw pg; errors through
// translateCentralError). Private to @nova/tenancy. Secrets are never stored: only their SHA-256.
import type { AdminRole } from '@nova/central-db';
import { type Keyset, type KeysetWindow, keysetSql, type Queryable } from '@nova/common';
import { type AccountTokenPurposeName, DomainError, accountTokenProblem } from '@nova/domain';
import { translatingErrors } from './central-errors';

export interface AccountTokenRow {
  id: string;
  purpose: AccountTokenPurposeName;
  tenantId: string;
  userId: string | null;
  email: string;
  role: AdminRole | null;
  createdById: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  failedAttempts: number;
  createdAt: Date;
}

const TOKEN_COLUMNS = `id, purpose, tenant_id AS "tenantId", user_id AS "userId", email, role, created_by_id AS "createdById", expires_at AS "expiresAt",
  used_at AS "usedAt", revoked_at AS "revokedAt", failed_attempts AS "failedAttempts", created_at AS "createdAt"`;

export interface NewAccountToken {
  purpose: AccountTokenPurposeName;
  tenantId: string;
  userId?: string | null;
  email: string;
  role?: AdminRole | null;
  createdById?: string | null;
  /** Null when the secret is minted later (an invitation, minted by its mail job). */
  tokenHash: string | null;
  /** From the database's clock, like created_at: ACCOUNT_TOKEN_TTL_SECONDS of the purpose. */
  ttlSeconds: number;
}

export async function insertAccountToken(db: Queryable, token: NewAccountToken): Promise<AccountTokenRow> {
  const { rows } = await translatingErrors(() =>
    db.query<AccountTokenRow>(
      `INSERT INTO account_tokens (id, purpose, tenant_id, user_id, email, role, created_by_id, token_hash, expires_at)
       VALUES (gen_random_uuid(), $1::"AccountTokenPurpose", $2, $3, $4, $5::"AdminRole", $6, $7, now() + make_interval(secs => $8)) RETURNING ${TOKEN_COLUMNS}`,
      [token.purpose, token.tenantId, token.userId ?? null, token.email, token.role ?? null, token.createdById ?? null, token.tokenHash, token.ttlSeconds],
    ),
  );
  return rows[0]!;
}

/** The token of this purpose with this secret's hash; `lock` (in a transaction) makes its use single. */
export async function findAccountTokenByHash(db: Queryable, purpose: AccountTokenPurposeName, tokenHash: string, options: { lock?: boolean } = {}): Promise<AccountTokenRow | null> {
  const { rows } = await translatingErrors(() =>
    db.query<AccountTokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM account_tokens WHERE token_hash = $1 AND purpose = $2::"AccountTokenPurpose"${options.lock ? ' FOR UPDATE' : ''}`,
      [tokenHash, purpose],
    ),
  );
  return rows[0] ?? null;
}

/** The token if it can be used now; otherwise the 400 naming `token` (invalid, used, revoked or expired). */
export function usableToken(token: AccountTokenRow | null, now = new Date()): AccountTokenRow {
  const problem = accountTokenProblem(token, now);
  if (problem || !token) throw DomainError.validation('token', `token ${problem ?? 'is invalid'}`);
  return token;
}

export async function findAccountToken(db: Queryable, id: string, options: { lock?: boolean } = {}): Promise<AccountTokenRow | null> {
  const { rows } = await translatingErrors(() => db.query<AccountTokenRow>(`SELECT ${TOKEN_COLUMNS} FROM account_tokens WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [id]));
  return rows[0] ?? null;
}

/** Sets the secret of a still usable token (a mail job minting it, or re-minting on a retry); false when it is no longer usable. */
export async function mintAccountToken(db: Queryable, id: string, tokenHash: string): Promise<AccountTokenRow | null> {
  const { rows } = await translatingErrors(() =>
    db.query<AccountTokenRow>(
      `UPDATE account_tokens SET token_hash = $2 WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING ${TOKEN_COLUMNS}`,
      [id, tokenHash],
    ),
  );
  return rows[0] ?? null;
}

export async function markAccountTokenUsed(db: Queryable, id: string): Promise<void> {
  await translatingErrors(() => db.query('UPDATE account_tokens SET used_at = now() WHERE id = $1', [id]));
}

/** One more wrong code against a challenge; at `maxFailures` it is revoked. Returns the failures so far. */
export async function recordTokenFailure(db: Queryable, id: string, maxFailures: number): Promise<number> {
  const { rows } = await translatingErrors(() =>
    db.query<{ failedAttempts: number }>(
      `UPDATE account_tokens SET failed_attempts = failed_attempts + 1, revoked_at = CASE WHEN failed_attempts + 1 >= $2 THEN now() ELSE revoked_at END
        WHERE id = $1 RETURNING failed_attempts AS "failedAttempts"`,
      [id, maxFailures],
    ),
  );
  return rows[0]?.failedAttempts ?? maxFailures;
}

/** Revokes the still usable tokens of a purpose for a user (a new reset link replaces the old one). */
export async function revokeUserTokens(db: Queryable, userId: string, purpose: AccountTokenPurposeName): Promise<void> {
  await translatingErrors(() =>
    db.query('UPDATE account_tokens SET revoked_at = now() WHERE user_id = $1 AND purpose = $2::"AccountTokenPurpose" AND used_at IS NULL AND revoked_at IS NULL', [userId, purpose]),
  );
}

/** Revokes the pending invitations of a tenant to an address (a new invitation replaces them). */
export async function revokePendingInvitations(db: Queryable, tenantId: string, email: string): Promise<void> {
  await translatingErrors(() =>
    db.query(`UPDATE account_tokens SET revoked_at = now() WHERE tenant_id = $1 AND purpose = 'invitation' AND email = $2 AND used_at IS NULL AND revoked_at IS NULL`, [tenantId, email]),
  );
}

/** The tenant's invitations not yet accepted or revoked (expired ones too, until re-sent or revoked). */
const OPEN_INVITATION = "tenant_id = $1 AND purpose = 'invitation' AND used_at IS NULL AND revoked_at IS NULL";

/** One keyset page of the tenant's open invitations (window.fetch rows, in the window's order). */
export async function listOpenInvitations(db: Queryable, tenantId: string, window: KeysetWindow): Promise<AccountTokenRow[]> {
  const keyset = keysetSql(window, 2);
  const { rows } = await translatingErrors(() =>
    db.query<AccountTokenRow>(`SELECT ${TOKEN_COLUMNS} FROM account_tokens WHERE ${OPEN_INVITATION} AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $8`, [tenantId, ...keyset.values, window.fetch]),
  );
  return rows;
}

/** An open invitation's keyset position, for starting_after / ending_before. */
export async function openInvitationPosition(db: Queryable, tenantId: string, id: string): Promise<Keyset | undefined> {
  const { rows } = await translatingErrors(() => db.query<Keyset>(`SELECT created_at AS "createdAt", id FROM account_tokens WHERE ${OPEN_INVITATION} AND id = $2`, [tenantId, id]));
  return rows[0];
}

/** A user's MFA challenges are worthless a day after they expire: each login drops those, so the table stays small. */
export async function purgeSpentChallenges(db: Queryable, userId: string): Promise<void> {
  await translatingErrors(() =>
    db.query(`DELETE FROM account_tokens WHERE user_id = $1 AND purpose = 'mfa_challenge' AND expires_at < now() - interval '1 day'`, [userId]),
  );
}

export async function revokeAccountToken(db: Queryable, id: string): Promise<void> {
  await translatingErrors(() => db.query('UPDATE account_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]));
}

// ---- mfa_recovery_codes

/** Replaces all of the user's recovery codes. */
export async function replaceRecoveryCodes(db: Queryable, userId: string, codeHashes: readonly string[]): Promise<void> {
  await translatingErrors(() => db.query('DELETE FROM mfa_recovery_codes WHERE user_id = $1', [userId]));
  await translatingErrors(() =>
    db.query('INSERT INTO mfa_recovery_codes (id, user_id, code_hash) SELECT gen_random_uuid(), $1, unnest($2::text[])', [userId, codeHashes]),
  );
}

/** Spends a recovery code: of two uses of one code, exactly one gets true. */
export async function consumeRecoveryCode(db: Queryable, userId: string, codeHash: string): Promise<boolean> {
  const { rowCount } = await translatingErrors(() =>
    db.query('UPDATE mfa_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL', [userId, codeHash]),
  );
  return rowCount === 1;
}

export async function countUnusedRecoveryCodes(db: Queryable, userId: string): Promise<number> {
  const { rows } = await translatingErrors(() => db.query<{ count: number }>('SELECT count(*)::int AS count FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL', [userId]));
  return rows[0]?.count ?? 0;
}

export async function deleteRecoveryCodes(db: Queryable, userId: string): Promise<void> {
  await translatingErrors(() => db.query('DELETE FROM mfa_recovery_codes WHERE user_id = $1', [userId]));
}
