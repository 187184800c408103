import type { InvoiceDocument, InvoiceDocumentLine } from '../invoice-document';

/** A realistic KES invoice for tests; override any field. Amounts add up. */
export function sampleInvoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    tenant: { name: 'Savanna Telecom Ltd', email: 'billing@savanna.example', address: 'Mombasa Road 12\nNairobi, Kenya' },
    customer: { name: 'Wanjiku Kamau', email: 'wanjiku@example.co.ke', address: 'Kimathi Street 4\nNairobi' },
    number: 'INV-2025-000123',
    status: 'OPEN',
    currency: 'KES',
    issuedAt: new Date('2025-11-01T00:00:00Z'),
    dueAt: new Date('2025-11-15T00:00:00Z'),
    periodStart: new Date('2025-10-01T00:00:00Z'),
    periodEnd: new Date('2025-10-31T00:00:00Z'),
    lines: [
      { description: 'Business Fibre 100 Mbps', quantity: 1, unitAmount: 850000n, amount: 850000n },
      { description: 'Static IP address', quantity: 2, unitAmount: 50000n, amount: 100000n },
      { description: 'Mobile data overage (GB)', quantity: 12, unitAmount: 2450n, amount: 29400n },
    ],
    subtotal: 979400n,
    tax: 156704n,
    total: 1136104n,
    amountPaid: 0n,
    amountDue: 1136104n,
    memo: 'Pay by M-Pesa to paybill 123456, account INV-2025-000123.',
    ...overrides,
  };
}

/** `count` lines of `unitAmount` each, with the totals (no tax) that match them. */
export function manyLines(count: number, unitAmount: bigint): Pick<InvoiceDocument, 'lines' | 'subtotal' | 'tax' | 'total' | 'amountPaid' | 'amountDue'> {
  const lines: InvoiceDocumentLine[] = Array.from({ length: count }, (_, index) => ({
    description: `Usage charge ${index + 1}`,
    quantity: 1,
    unitAmount,
    amount: unitAmount,
  }));
  const total = unitAmount * BigInt(count);
  return { lines, subtotal: total, tax: 0n, total, amountPaid: 0n, amountDue: total };
}
