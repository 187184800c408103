import type { CentralDb } from '@nova/central-db';
import { AdminContact, findAdminContact as contactOf, findOwnerContacts } from '../admin-users.repository';

export type { AdminContact } from '../admin-users.repository';

/** Where to e-mail an admin about their account (the lockout notice); null when the user no longer exists. */
export function findAdminContact(central: CentralDb, userId: string): Promise<AdminContact | null> {
  return contactOf(central.pool, userId);
}

/** Where to e-mail the tenant's owners (a webhook endpoint the platform disabled). */
export function findTenantOwnerContacts(central: CentralDb, tenantId: string): Promise<AdminContact[]> {
  return findOwnerContacts(central.pool, tenantId);
}
