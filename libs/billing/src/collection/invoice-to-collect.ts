// What collection needs to ask a customer for money, read through the owners' indexes: the
// invoice (number, amount due) from invoicing, the customer's name, e-mail and phone from
// customers. Reads only; every write to an invoice goes through invoicing's use cases.
import type { Queryable } from '@nova/common';
import { findCustomerContact } from '../customers';
import { findInvoiceSummary } from '../invoicing';

export interface InvoiceToCollect {
  id: string;
  number: string;
  status: string;
  currency: string;
  amount_due: string;
  customer_id: string;
  customer_name: string;
  customer_email: string;
  customer_phone: string | null;
}

export async function invoiceToCollect(db: Queryable, invoiceId: string): Promise<InvoiceToCollect | undefined> {
  const invoice = await findInvoiceSummary(db, invoiceId);
  const customer = invoice && (await findCustomerContact(db, invoice.customerId));
  if (!invoice || !customer) return undefined;
  return {
    id: invoice.id,
    // Only finalized invoices are collected, and every one has a number.
    number: invoice.number ?? '',
    status: invoice.status,
    currency: invoice.currency,
    amount_due: invoice.amountDue.toString(),
    customer_id: invoice.customerId,
    customer_name: customer.name,
    customer_email: customer.email,
    customer_phone: customer.phone,
  };
}

/** The customer and currency of an invoice a provider payment names (adopted payments). */
export async function invoiceCustomer(db: Queryable, invoiceId: string): Promise<{ customer_id: string; currency: string } | undefined> {
  const invoice = await findInvoiceSummary(db, invoiceId);
  return invoice && { customer_id: invoice.customerId, currency: invoice.currency };
}
