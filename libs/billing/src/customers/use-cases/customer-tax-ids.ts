// A customer's tax ids: typed (GSTIN, KRA PIN, TIN, VAT numbers), validated by their published
// structure (validTaxId in the domain) and stored normalised, so "29aabcu9603r1zj " and
// "29AABCU9603R1ZJ" are one id. Invoices snapshot them at issuance.
import { DomainError, MAX_TAX_IDS, validTaxId } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { type Page, type PageRequest, inTransaction, resolveWindow, toPage } from '@nova/common';
import { customerExists } from '../customers.repository';
import { type CustomerTaxIdRecord, countCustomerTaxIds, customerTaxIdPosition, deleteCustomerTaxIdRow, insertCustomerTaxId, selectCustomerTaxIds } from '../customer-tax-ids.repository';

export type { CustomerTaxIdRecord };

export interface AddCustomerTaxIdCommand {
  customerId: string;
  type: string;
  value: string;
}

/** Adds a tax id (the same id again is a 409 naming `value`); at most MAX_TAX_IDS per customer. */
export async function addCustomerTaxId(db: TenantDatabase, command: AddCustomerTaxIdCommand): Promise<CustomerTaxIdRecord> {
  const taxId = validTaxId(command);
  return inTransaction(db.pool, async (client) => {
    // FOR SHARE on the customer would not stop two concurrent adds; the limit is a soft one, the unique key is not.
    if (!(await customerExists(client, command.customerId))) throw DomainError.notFound('Customer', command.customerId);
    if ((await countCustomerTaxIds(client, command.customerId)) >= MAX_TAX_IDS) throw DomainError.validation('value', `a customer has at most ${MAX_TAX_IDS} tax ids`);
    const added = await insertCustomerTaxId(client, command.customerId, taxId);
    if (!added) throw DomainError.conflict(`The customer already has the ${taxId.type} ${taxId.value}`, 'value');
    return added;
  });
}

/** Newest first, one keyset page at a time (like every list; a customer has at most MAX_TAX_IDS). */
export async function listCustomerTaxIds(db: TenantDatabase, customerId: string, request: PageRequest): Promise<Page<CustomerTaxIdRecord>> {
  if (!(await customerExists(db.pool, customerId))) throw DomainError.notFound('Customer', customerId);
  const window = await resolveWindow(request, (id) => customerTaxIdPosition(db.pool, customerId, id));
  return toPage(await selectCustomerTaxIds(db.pool, customerId, window), request.limit, undefined, window);
}

/** Issued invoices keep the id in their snapshot. */
export async function deleteCustomerTaxId(db: TenantDatabase, customerId: string, taxIdId: string): Promise<void> {
  if (!(await deleteCustomerTaxIdRow(db.pool, customerId, taxIdId))) throw DomainError.notFound('Tax id', taxIdId);
}
