// A receipt as the API and its PDF show it: the manual payment, the invoices it paid (with what
// each still has due) and the credit the customer holds now in its currency.
import { Injectable } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import { DomainError, type ReceiptMethod } from '@nova/domain';
import { renderReceiptPdf, type ReceiptDocument } from '@nova/documents';
import { TenantContext, TenantDb, findTenantProfile } from '@nova/tenancy';
import type { TenantDatabase } from '@nova/tenant-db';
import { findCustomerContact, getCustomerBalances } from '../../customers';
import { findInvoiceSummary } from '../../invoicing';
import { type PaymentRecord, findPayment, paymentAllocations } from '../payments.repository';

export interface ReceiptAllocationView {
  invoiceId: string;
  invoiceNumber: string;
  amount: bigint;
  /** What the invoice has due now. */
  invoiceAmountDue: bigint;
}

export interface ReceiptView {
  payment: PaymentRecord & { receiptNumber: string };
  allocations: ReceiptAllocationView[];
  /** Of this receipt, kept as credit: the amount less what it allocated. */
  overpayment: bigint;
  /** The customer's credit in the receipt's currency now. */
  creditBalance: bigint;
}

/** A payment recorded by hand, with its allocations; not_found for an unknown payment or one that is not a receipt. */
export async function getReceipt(db: TenantDatabase, paymentId: string): Promise<ReceiptView> {
  const payment = await findPayment(db.pool, paymentId);
  if (!payment || payment.receiptNumber === null) throw DomainError.notFound('Receipt', paymentId);
  const [allocations, balances] = await Promise.all([paymentAllocations(db.pool, paymentId), getCustomerBalances(db, payment.customerId)]);
  const views = await Promise.all(
    allocations.map(async (allocation) => {
      const invoice = (await findInvoiceSummary(db.pool, allocation.invoiceId))!;
      return { invoiceId: allocation.invoiceId, invoiceNumber: invoice.number ?? '', amount: allocation.amount, invoiceAmountDue: invoice.amountDue };
    }),
  );
  return {
    payment: { ...payment, receiptNumber: payment.receiptNumber },
    allocations: views,
    overpayment: payment.amount - payment.amountApplied,
    creditBalance: balances.find((balance) => balance.currency === payment.currency)?.balance ?? 0n,
  };
}

const METHOD_LABELS: Record<ReceiptMethod, string> = { cash: 'Cash', bank_transfer: 'Bank transfer', mpesa_paybill: 'M-Pesa paybill', cheque: 'Cheque', other: 'Other' };

/** A receipt as a PDF, with what naming the file and e-mailing it need. */
export interface RenderedReceipt {
  number: string;
  pdf: Buffer;
  receipt: ReceiptView;
  tenant: { name: string; billingEmail: string | null };
  customer: { name: string; email: string };
}

/** The receipt as a PDF, with its number to name the file by. */
@Injectable()
export class RenderReceiptPdf {
  constructor(
    private readonly db: TenantDb,
    private readonly central: CentralDb,
    private readonly context: TenantContext,
  ) {}

  async execute(command: { paymentId: string }): Promise<RenderedReceipt> {
    const db = await this.db.connection();
    const [receipt, tenant] = await Promise.all([getReceipt(db, command.paymentId), findTenantProfile(this.central, this.context.tenantId)]);
    const customer = await findCustomerContact(db.pool, receipt.payment.customerId);
    if (!customer) throw DomainError.notFound('Receipt', command.paymentId);
    const document: ReceiptDocument = {
      tenant: { name: tenant.name, email: tenant.billingEmail },
      customer: { name: customer.name, email: customer.email },
      number: receipt.payment.receiptNumber,
      receivedAt: receipt.payment.paidAt ?? receipt.payment.createdAt,
      timeZone: tenant.timeZone,
      currency: receipt.payment.currency,
      amount: receipt.payment.amount,
      method: METHOD_LABELS[receipt.payment.receivedVia as ReceiptMethod] ?? 'Other',
      reference: receipt.payment.reference,
      allocations: receipt.allocations.map((allocation) => ({ invoiceNumber: allocation.invoiceNumber, amount: allocation.amount, amountDueAfter: allocation.invoiceAmountDue })),
      overpayment: receipt.overpayment,
      creditBalance: receipt.creditBalance,
      note: receipt.payment.note,
    };
    return { number: document.number, pdf: await renderReceiptPdf(document), receipt, tenant, customer: { name: customer.name, email: customer.email } };
  }
}
