import { readPdf } from '../../../../test/support/read-pdf';
import type { CreditNoteDocument } from '../credit-note-document';
import { renderCreditNotePdf } from './render-credit-note-pdf';

const note = (overrides: Partial<CreditNoteDocument> = {}): CreditNoteDocument => ({
  tenant: { name: 'Savanna Telecom Ltd', email: 'billing@savanna.example' },
  customer: { name: 'Wanjiku Kamau', email: 'wanjiku@example.co.ke' },
  number: 'CN-000003',
  invoiceNumber: 'INV-000041',
  issuedAt: new Date('2026-11-02T08:00:00Z'),
  currency: 'KES',
  amount: 60_000n,
  taxAmount: 8_276n,
  prePaymentAmount: 46_000n,
  postPaymentAmount: 14_000n,
  reason: 'Product unsatisfactory',
  memo: 'Two days without service in October.',
  ...overrides,
});

describe('renderCreditNotePdf', () => {
  it('shows the tax per component when the invoice was taxed per component, and refuses components that do not add up', async () => {
    const { text } = await readPdf(await renderCreditNotePdf(note({ currency: 'INR', taxLines: [{ label: 'CGST 9%', amount: 4_138n }, { label: 'SGST 9%', amount: 4_138n }] })));
    expect(text).toContain('CGST 9% INR 41.38');
    expect(text).toContain('SGST 9% INR 41.38');
    expect(text).not.toContain('Tax INR');
    await expect(renderCreditNotePdf(note({ taxLines: [{ label: 'CGST 9%', amount: 1n }] }))).rejects.toThrow(/taxLines must add up to taxAmount/);
  });

  it('shows the invoice credited, net and tax, and where the credit went', async () => {
    const { pages, text } = await readPdf(await renderCreditNotePdf(note()));
    expect(pages).toHaveLength(1);
    expect(text).toContain('Credit note CN-000003');
    expect(text).toContain('CREDITED TO');
    expect(text).toContain('Credits invoice INV-000041');
    expect(text).toContain('Reason Product unsatisfactory');
    expect(text).toContain('Net KES 517.24');
    expect(text).toContain('Tax KES 82.76');
    expect(text).toContain('Total credited KES 600.00');
    expect(text).toContain('Taken off invoice INV-000041 KES 460.00');
    expect(text).toContain('Credited to your balance KES 140.00');
    expect(text).toContain('Two days without service');
  });

  it('says when it was voided, and refuses amounts that do not add up', async () => {
    const { text } = await readPdf(await renderCreditNotePdf(note({ voidedAt: new Date('2026-11-05T00:00:00Z') })));
    expect(text).toContain('Credit note CN-000003 (void)');
    expect(text).toContain('Voided 5 Nov 2026');
    await expect(renderCreditNotePdf(note({ postPaymentAmount: 1n }))).rejects.toThrow(/amount/);
  });
});

describe('renderCreditNotePdf: lines and where the money went', () => {
  it('lists the lines credited and splits what did not lower the amount due: balance, refund, out of band', async () => {
    const doc = note({
      currency: 'INR',
      amount: 50_190n,
      taxAmount: 7_656n,
      prePaymentAmount: 190n,
      postPaymentAmount: 50_000n,
      split: { creditAmount: 30_000n, refundAmount: 15_000n, outOfBandAmount: 5_000n, refundStatus: 'succeeded' },
      lines: [
        { description: 'Seats', quantity: 1, amount: 39_333n, taxAmount: 6_000n },
        { description: 'Support', quantity: null, amount: 10_857n, taxAmount: 1_656n },
      ],
    });
    const { text } = await readPdf(await renderCreditNotePdf(doc));
    expect(text).toContain('LINES CREDITED');
    expect(text).toContain('Seats × 1 INR 393.33');
    expect(text).toContain('Support INR 108.57');
    expect(text).toContain('Credited to your balance INR 300.00');
    expect(text).toContain('Refunded to your payment method INR 150.00');
    expect(text).toContain('Given back outside this account INR 50.00');
    const failed = await readPdf(await renderCreditNotePdf({ ...doc, split: { ...doc.split!, refundStatus: 'failed' } }));
    expect(failed.text).toContain('Refund failed: credited to your balance INR 150.00');
    await expect(renderCreditNotePdf({ ...doc, split: { ...doc.split!, outOfBandAmount: 1n } })).rejects.toThrow(/split must add up/);
    await expect(renderCreditNotePdf({ ...doc, lines: doc.lines!.slice(1) })).rejects.toThrow(/lines must add up/);
  });
});
