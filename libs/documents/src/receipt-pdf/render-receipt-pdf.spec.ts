import { readPdf } from '../../../../test/support/read-pdf';
import type { ReceiptDocument } from '../receipt-document';
import { renderReceiptPdf } from './render-receipt-pdf';

const receipt = (overrides: Partial<ReceiptDocument> = {}): ReceiptDocument => ({
  tenant: { name: 'Savanna Telecom Ltd', email: 'billing@savanna.example' },
  customer: { name: 'Wanjiku Kamau', email: 'wanjiku@example.co.ke' },
  number: 'RCT-000007',
  receivedAt: new Date('2026-10-20T08:00:00Z'),
  currency: 'KES',
  amount: 30_000n,
  method: 'M-Pesa paybill',
  reference: 'SJK7Q2X9PL',
  allocations: [
    { invoiceNumber: 'INV-000002', amount: 15_000n, amountDueAfter: 0n },
    { invoiceNumber: 'INV-000003', amount: 8_000n, amountDueAfter: 2_000n },
  ],
  overpayment: 7_000n,
  creditBalance: 7_000n,
  ...overrides,
});

describe('renderReceiptPdf', () => {
  it('lists the allocations, the credit left on the balance and the payer\'s reference, in the invoice PDF\'s frame', async () => {
    const { pages, text } = await readPdf(await renderReceiptPdf(receipt()));
    expect(pages).toHaveLength(1);
    expect(text).toContain('Receipt RCT-000007');
    expect(text).toContain('RECEIVED FROM');
    expect(text).toContain('Wanjiku Kamau');
    expect(text).toContain('Received 20 Oct 2026');
    expect(text).toContain('Method M-Pesa paybill');
    expect(text).toContain('Reference SJK7Q2X9PL');
    expect(text).toContain('Invoice INV-000002 (paid) KES 150.00');
    expect(text).toContain('Invoice INV-000003 KES 80.00');
    expect(text).toContain('Credited to your balance KES 70.00');
    expect(text).toContain('Amount received KES 300.00');
    expect(text).toContain('Credit balance KES 70.00');
    expect(text).toContain('Receipt RCT-000007 · Page 1 of 1');
  });

  it('shows no credit line when all of it paid invoices, and refuses a document without a number', async () => {
    const { text } = await readPdf(await renderReceiptPdf(receipt({ amount: 23_000n, overpayment: 0n, creditBalance: 0n, reference: null })));
    expect(text).not.toContain('Credited to your balance');
    expect(text).not.toContain('Reference');
    await expect(renderReceiptPdf(receipt({ number: ' ' }))).rejects.toThrow('number');
  });
});
