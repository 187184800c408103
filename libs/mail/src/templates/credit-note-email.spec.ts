import { creditNoteEmail } from './credit-note-email';

describe('creditNoteEmail', () => {
  const base = { tenantName: 'Acme <Ltd>', customerName: 'Wanjiru', number: 'CN-000007', invoiceNumber: 'INV-000042', amountFormatted: 'KES 1,500.00', issuedAt: new Date('2026-03-31T09:00:00Z') };

  it('says what was credited and where the credit went', () => {
    const split = creditNoteEmail({ ...base, offInvoiceFormatted: 'KES 1,000.00', toBalanceFormatted: 'KES 500.00' });
    expect(split.subject).toBe('Credit note CN-000007 from Acme <Ltd>');
    expect(split.text).toContain('credit note CN-000007 for KES 1,500.00 against invoice INV-000042');
    expect(split.text).toContain('KES 1,000.00 was taken off what is due on invoice INV-000042.');
    expect(split.text).toContain('KES 500.00 was credited to your account');
    const offOnly = creditNoteEmail({ ...base, offInvoiceFormatted: 'KES 1,500.00', toBalanceFormatted: null });
    expect(offOnly.text).not.toContain('credited to your account');
  });

  it('escapes what the tenant typed in the HTML part, and keeps the subject on one line', () => {
    const email = creditNoteEmail({ ...base, tenantName: 'Acme\n<Ltd>', offInvoiceFormatted: null, toBalanceFormatted: 'KES 1,500.00' });
    expect(email.html).toContain('Acme\n&lt;Ltd&gt;');
    expect(email.subject).toBe('Credit note CN-000007 from Acme <Ltd>');
  });
});
