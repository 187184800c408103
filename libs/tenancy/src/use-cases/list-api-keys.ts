import type { ApiKey, CentralDb } from '@nova/central-db';
import { type Page, type PageRequest, resolveWindow, toPage } from '@nova/common';
import { apiKeyPosition, listApiKeys as tenantApiKeys } from '../api-keys.repository';

/** The tenant's keys, revoked ones included, newest first, one keyset page at a time. */
export async function listApiKeys(central: CentralDb, command: PageRequest & { tenantId: string }): Promise<Page<ApiKey>> {
  const window = await resolveWindow(command, (id) => apiKeyPosition(central.pool, command.tenantId, id));
  return toPage(await tenantApiKeys(central.pool, command.tenantId, window), command.limit, undefined, window);
}
