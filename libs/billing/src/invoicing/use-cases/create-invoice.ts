// A one-off invoice written by hand (installation fees, a consultancy day): the tenant's lines,
// issued at once through the same issuance as every other invoice (number, terms, credit).
import { inTransaction } from '@nova/common';
import { assertManualLines, DomainError, INVOICE_MEMO_MAX_LENGTH, isCurrencyCode, type ManualLine } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { customerClockTime, findCustomerForBilling } from '../../customers';
import type { TenantBillingSettings } from '../tenant-billing-settings';
import { getInvoice, type InvoiceWithLines } from './get-invoice';
import { issueInvoices } from './issue-invoices';

export interface CreateInvoiceCommand {
  customerId: string;
  /** Defaults to the customer's billing currency; must match it when the customer has one. */
  currency?: string;
  /** taxRateId: the line's own tax rate (else the tax profile's default applies). */
  lines: (ManualLine & { taxRateId?: string })[];
  memo?: string;
  /** A draft (no number, editable, finalized by hand with finalizeInvoice) rather than issued at once. */
  draft?: boolean;
}

export async function createInvoice(db: TenantDatabase, settings: TenantBillingSettings, command: CreateInvoiceCommand): Promise<InvoiceWithLines> {
  assertManualLines(command.lines);
  const memo = command.memo?.trim() || undefined;
  if (memo && memo.length > INVOICE_MEMO_MAX_LENGTH) throw DomainError.validation('memo', `must be at most ${INVOICE_MEMO_MAX_LENGTH} characters`);
  const invoiceId = await inTransaction(db.pool, async (client) => {
    const customer = await findCustomerForBilling(client, command.customerId);
    if (!customer) throw DomainError.validation('customerId', `customer ${command.customerId} does not exist`);
    const currency = command.currency ?? customer.currency;
    if (!currency) throw DomainError.validation('currency', 'is required: the customer has no billing currency yet');
    if (!isCurrencyCode(currency)) throw DomainError.validation('currency', 'must be an ISO 4217 currency code');
    if (customer.currency && customer.currency !== currency) throw DomainError.validation('currency', `the customer is billed in ${customer.currency}`);
    const lines = command.lines.map((line) => ({ description: line.description.trim(), quantity: line.quantity, unitAmount: line.unitAmount, taxRateId: line.taxRateId }));
    // Past the plan's invoicesPerMonth: 402, nothing issued (issueInvoices, MonthlyInvoiceLimit).
    // A test clock's customer is invoiced as of the clock's time.
    const issuedAt = (await customerClockTime(client, customer.id)) ?? new Date();
    const [issued] = await issueInvoices(client, settings, [{ customerId: customer.id, currency, lines, memo, ...(command.draft ? { asDraft: { autoFinalizeAt: null } } : {}) }], issuedAt, 'enforce');
    return issued!.id;
  });
  return getInvoice(db, invoiceId);
}
