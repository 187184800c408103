// Reads of other contexts' tables that collection needs to ask a customer for money (invoice
// number and amount due, the customer's name, e-mail and phone). Reads only: every write to an
// invoice goes through invoicing's index. Kept here, in one place, until invoicing and customers
// export these reads themselves.
import type { Queryable } from '@nova/common';

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
  const { rows } = await db.query<InvoiceToCollect>(
    `SELECT i.id, i.number, i.status, i.currency, i.amount_due::text AS amount_due, i.customer_id,
            c.name AS customer_name, c.email AS customer_email, c.phone AS customer_phone
       FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = $1`,
    [invoiceId],
  );
  return rows[0];
}

/** The customer and currency of an invoice a provider payment names (adopted payments). */
export async function invoiceCustomer(db: Queryable, invoiceId: string): Promise<{ customer_id: string; currency: string } | undefined> {
  const { rows } = await db.query<{ customer_id: string; currency: string }>('SELECT customer_id, currency FROM invoices WHERE id = $1', [invoiceId]);
  return rows[0];
}

/** A customer id of another tenant (or none) is a 404, like every other id. */
export async function customerExists(db: Queryable, customerId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM customers WHERE id = $1', [customerId]);
  return (rowCount ?? 0) > 0;
}
