import { receiptEmail } from './receipt-email';

describe('receiptEmail', () => {
  const base = { tenantName: 'Acme <Ltd>', customerName: 'Wanjiru', number: 'RCT-000003', amountFormatted: 'KES 12,000.00', receivedAt: new Date('2026-03-31T09:00:00Z') };

  it('says what was received, which invoices it paid and what it left as credit', () => {
    const email = receiptEmail({ ...base, invoiceNumbers: ['INV-000041', 'INV-000042'], creditFormatted: 'KES 500.00' });
    expect(email.subject).toBe('Receipt RCT-000003 from Acme <Ltd>');
    expect(email.text).toContain('received KES 12,000.00 from you on');
    expect(email.text).toContain('It paid invoices INV-000041, INV-000042.');
    expect(email.text).toContain('KES 500.00 was credited to your account');
    expect(email.html).toContain('Acme &lt;Ltd&gt;');
    const one = receiptEmail({ ...base, invoiceNumbers: ['INV-000041'], creditFormatted: null });
    expect(one.text).toContain('It paid invoice INV-000041.');
    expect(one.text).not.toContain('credited to your account');
  });
});
