import { randomBytes } from 'node:crypto';
import type { ApiKey, ApiKeyMode, ApiKeyScope, CentralDb } from '@nova/central-db';
import { inTransaction } from '@nova/common';
import { insertApiKey } from '../api-keys.repository';
import { hashApiKey } from '../api-key-secret';
import type { CentralAuditLog } from '../audit/central-audit-log';
import { assertApiKeyAvailable } from './tenant-plan';

export interface CreateApiKeyCommand {
  tenantId: string;
  name: string;
  mode: ApiKeyMode;
  /** What the key may do (default full: everything an API key is let into). */
  scope?: ApiKeyScope;
  /** The admin who created it (none for keys made by scripts). */
  createdById?: string;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    // Rejection sampling keeps the alphabet uniform (248 = 4 × 62).
    if (bytes[i]! < 248) out += BASE62[bytes[i]! % 62];
  }
  return out.length === length ? out : randomBase62(length);
}

/**
 * A new key, within the `apiKeys` limit of the tenant's plan (402 plan_limit_reached; the check
 * and the insert share a transaction holding the tenant's row). The secret is returned here only
 * and stored as SHA-256 (a 190-bit random secret needs no slow KDF). With `audit` (a request), the
 * key's creation is recorded in the tenant's audit log, without its secret or hash.
 */
export async function createApiKey(central: CentralDb, command: CreateApiKeyCommand, audit?: CentralAuditLog): Promise<{ key: ApiKey; secret: string }> {
  const secret = `sk_${command.mode}_${randomBase62(40)}`;
  const key = await inTransaction(central.pool, async (client) => {
    await assertApiKeyAvailable(client, command.tenantId);
    return insertApiKey(client, {
      tenantId: command.tenantId,
      name: command.name,
      mode: command.mode,
      prefix: secret.slice(0, 12),
      last4: secret.slice(-4),
      secretHash: hashApiKey(secret),
      createdById: command.createdById,
      scope: command.scope ?? 'full',
    });
  });
  await audit?.record({
    action: 'api_key.created',
    objectType: 'api_key',
    objectId: key.id,
    after: { id: key.id, name: key.name, mode: key.mode, scope: key.scope, prefix: key.prefix, last_4: key.last4, created_by_id: key.createdById },
  });
  return { key, secret };
}
