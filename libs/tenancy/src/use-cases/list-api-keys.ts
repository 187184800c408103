import type { ApiKey, CentralDb } from '@nova/central-db';
import { listApiKeys as tenantApiKeys } from '../api-keys.repository';

/** The tenant's keys, revoked ones included, newest first. */
export function listApiKeys(central: CentralDb, command: { tenantId: string }): Promise<ApiKey[]> {
  return tenantApiKeys(central.pool, command.tenantId);
}
