import { paymentReminderEmail } from './payment-reminder-email';

describe('paymentReminderEmail', () => {
  const base = { tenantName: 'Acme <Ltd>', customerName: 'Wanjiru', number: 'INV-000042', amountDueFormatted: 'KES 1,500.00', dueDate: new Date('2026-03-31T09:00:00Z') };

  it('says when the invoice is due, or how late it is', () => {
    expect(paymentReminderEmail({ ...base, daysFromDue: -3 })).toMatchObject({ subject: 'Reminder: invoice INV-000042 from Acme <Ltd>' });
    expect(paymentReminderEmail({ ...base, daysFromDue: -3 }).text).toContain('is due in 3 days');
    expect(paymentReminderEmail({ ...base, daysFromDue: 0 }).text).toContain('is due today');
    const late = paymentReminderEmail({ ...base, daysFromDue: 1 });
    expect(late.subject).toBe('Overdue: invoice INV-000042 from Acme <Ltd>');
    expect(late.text).toContain('is 1 day overdue');
  });

  it('escapes what the tenant typed in the HTML part', () => {
    expect(paymentReminderEmail({ ...base, daysFromDue: 7 }).html).toContain('Acme &lt;Ltd&gt;');
  });
});
