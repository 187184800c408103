import { DomainError } from '../errors';
import { creditNoteVoidRefusal, planCreditNote } from './credit-note';
import { transitionInvoice } from './state';

const invoice = { status: 'open', total: 116_000n, tax: 16_000n, amountDue: 116_000n, amountPaid: 0n, amountRefunded: 0n, prePaymentCredited: 0n, postPaymentCredited: 0n };

describe('credit notes', () => {
  it('on a partly paid invoice: first lowers what is due, the rest (up to what was paid) goes to the balance', () => {
    // KES 1,160.00 with 16 % VAT; 700.00 paid, 460.00 still due; a credit of 600.00.
    const partlyPaid = { ...invoice, amountDue: 46_000n, amountPaid: 70_000n };
    expect(planCreditNote(partlyPaid, 60_000n)).toEqual({ amount: 60_000n, taxAmount: 8_276n, prePaymentAmount: 46_000n, postPaymentAmount: 14_000n });
    // 60,000 × 16,000 / 116,000 = 8,275.86… → 8,276 of the credit is VAT.
  });

  it('credits the whole rest when no amount is given, and never more', () => {
    expect(planCreditNote(invoice, undefined)).toMatchObject({ amount: 116_000n, prePaymentAmount: 116_000n, postPaymentAmount: 0n, taxAmount: 16_000n });
    const after = { ...invoice, amountDue: 16_000n, prePaymentCredited: 100_000n };
    expect(planCreditNote(after, undefined).amount).toBe(16_000n);
    expect(() => planCreditNote(after, 16_001n)).toThrow(/at most 16000/);
    expect(() => planCreditNote({ ...after, prePaymentCredited: 116_000n }, undefined)).toThrow(/nothing is left/);
  });

  it('never credits to the balance money that was not kept', () => {
    const paidThenRefunded = { ...invoice, status: 'paid', amountDue: 0n, amountPaid: 116_000n, amountRefunded: 100_000n };
    expect(planCreditNote(paidThenRefunded, 16_000n)).toMatchObject({ postPaymentAmount: 16_000n });
    expect(() => planCreditNote(paidThenRefunded, 16_001n)).toThrow(DomainError);
  });

  it('only finalized invoices take credit notes', () => {
    expect(() => planCreditNote({ ...invoice, status: 'void' }, 1n)).toThrow(/void invoice/);
    expect(() => planCreditNote({ ...invoice, status: 'draft' }, 1n)).toThrow(/draft invoice/);
  });

  it('the invoice machine: a credit lowers what is due, paid once nothing is; a void gives it back', () => {
    const at = new Date('2026-05-01T00:00:00Z');
    const open = { status: 'open' as const, amountDue: 10_000n, amountPaid: 0n, paidAt: null, voidedAt: null };
    expect(transitionInvoice(open, { type: 'credited', amount: 4_000n, at })).toMatchObject({ status: 'open', amountDue: 6_000n });
    const settled = transitionInvoice(open, { type: 'credited', amount: 10_000n, at });
    expect(settled).toMatchObject({ status: 'paid', amountDue: 0n, paidAt: at });
    expect(() => transitionInvoice(settled, { type: 'credit_reversed', amount: 10_000n })).toThrow(/paid invoice/);
    expect(transitionInvoice({ ...open, amountDue: 6_000n }, { type: 'credit_reversed', amount: 4_000n })).toMatchObject({ amountDue: 10_000n });
  });

  it('voidable while what it did can be undone', () => {
    const note = { status: 'issued' as const, prePaymentAmount: 5_000n, postPaymentAmount: 2_000n };
    expect(creditNoteVoidRefusal(note, 'open', 2_000n)).toBeNull();
    expect(creditNoteVoidRefusal(note, 'paid', 2_000n)).toMatch(/paid now/);
    expect(creditNoteVoidRefusal(note, 'open', 1_999n)).toMatch(/used/);
    expect(creditNoteVoidRefusal({ ...note, status: 'void' }, 'open', 2_000n)).toMatch(/void already/);
    expect(creditNoteVoidRefusal({ ...note, prePaymentAmount: 0n }, 'paid', 2_000n)).toBeNull();
  });
});
