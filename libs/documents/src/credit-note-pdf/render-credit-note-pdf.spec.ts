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
