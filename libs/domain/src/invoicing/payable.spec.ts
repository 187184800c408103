import { isInvoiceOverdue } from './payable';

describe('isInvoiceOverdue', () => {
  const dueAt = new Date('2026-03-10T00:00:00Z');
  const open = { status: 'open', amountDue: 5_000n, dueAt };

  it('is overdue once the due date has passed, not at or before it', () => {
    expect(isInvoiceOverdue(open, new Date('2026-03-09T23:59:59Z'))).toBe(false);
    expect(isInvoiceOverdue(open, dueAt)).toBe(false);
    expect(isInvoiceOverdue(open, new Date('2026-03-10T00:00:01Z'))).toBe(true);
  });

  it('needs something due: a fully credited or paid-down open invoice is not overdue', () => {
    expect(isInvoiceOverdue({ ...open, amountDue: 0n }, new Date('2026-04-01T00:00:00Z'))).toBe(false);
  });

  it.each(['draft', 'paid', 'void', 'uncollectible'])('an invoice in status %s is never overdue', (status) => {
    expect(isInvoiceOverdue({ ...open, status }, new Date('2026-04-01T00:00:00Z'))).toBe(false);
  });
});
