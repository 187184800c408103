import { DomainError } from '../errors';
import { planCreditNote } from './credit-note';
import { type CreditableInvoiceLine, planCreditNoteLines, splitCreditNoteMoney } from './credit-note-lines';

// An intra-state GST line: 3 seats at ₹333.33, CGST 9 % and SGST 9 % each rounded on its own.
// 99,999 × 9 % = 8,999.91 → 9,000 each; the line totals 117,999.
const seats: CreditableInvoiceLine = {
  id: 'seats',
  description: 'Seats',
  quantity: 3,
  taxable: 99_999n,
  taxes: [
    { code: 'CGST', percentage: '9', amount: 9_000n },
    { code: 'SGST', percentage: '9', amount: 9_000n },
  ],
  credited: { taxable: 0n, taxes: [] },
};
const support: CreditableInvoiceLine = { id: 'support', description: 'Support', quantity: 1, taxable: 10_001n, taxes: [{ code: 'IGST', percentage: '18', amount: 1_800n }], credited: { taxable: 0n, taxes: [] } };
const discount: CreditableInvoiceLine = { id: 'discount', description: 'LAUNCH (10% off)', quantity: 1, taxable: -10_000n, taxes: [], credited: { taxable: 0n, taxes: [] } };

const sumOf = (line: { taxable: bigint; taxes: readonly { amount: bigint }[] }) => line.taxable + line.taxes.reduce((sum, tax) => sum + tax.amount, 0n);

describe('per-line credit notes', () => {
  it('one seat of three: a third of the line, split over taxable value, CGST and SGST so the parts add up', () => {
    const plan = planCreditNoteLines([seats, support], [{ invoiceLineId: 'seats', quantity: 1 }]);
    // 117,999 / 3 = 39,333 exactly; split 99,999 : 9,000 : 9,000 → 33,333 + 3,000 + 3,000.
    expect(plan.amount).toBe(39_333n);
    expect(plan.lines[0]).toMatchObject({ taxable: 33_333n, taxAmount: 6_000n, quantity: 1 });
    expect(plan.lines[0]!.taxes.map((tax) => tax.amount)).toEqual([3_000n, 3_000n]);
    expect(plan.taxComponents).toEqual([
      { code: 'CGST', percentage: '9', amount: 3_000n },
      { code: 'SGST', percentage: '9', amount: 3_000n },
    ]);
  });

  it('an awkward amount: largest remainder gives the odd paisa to one component, never loses it', () => {
    const plan = planCreditNoteLines([seats], [{ invoiceLineId: 'seats', amount: 1_001n }]);
    // 1,001 × 99,999 / 117,999 = 848.30…, 1,001 × 9,000 / 117,999 = 76.35… twice: floors 848 + 76 + 76 = 1,000; the
    // unit left goes to the largest remainder, CGST's (tied with SGST's, first wins).
    expect(plan.lines[0]!.taxable).toBe(848n);
    expect(plan.lines[0]!.taxes.map((tax) => tax.amount)).toEqual([77n, 76n]);
    expect(sumOf(plan.lines[0]!)).toBe(1_001n);
    expect(plan.taxAmount).toBe(153n);
  });

  it('crediting what is left of a line takes exactly what is left of every part', () => {
    const first = planCreditNoteLines([seats], [{ invoiceLineId: 'seats', amount: 1_001n }]).lines[0]!;
    const after: CreditableInvoiceLine = { ...seats, credited: { taxable: first.taxable, taxes: first.taxes } };
    const rest = planCreditNoteLines([after], [{ invoiceLineId: 'seats', amount: 117_999n - 1_001n }]).lines[0]!;
    expect(rest.taxable + first.taxable).toBe(99_999n);
    expect(rest.taxes.map((tax, index) => tax.amount + first.taxes[index]!.amount)).toEqual([9_000n, 9_000n]);
    expect(() => planCreditNoteLines([after], [{ invoiceLineId: 'seats', quantity: 3 }])).toThrow(/only 116998 is left/);
  });

  it('several lines: the note sums its lines and its tax per component and rate', () => {
    const plan = planCreditNoteLines([seats, support], [{ invoiceLineId: 'seats', quantity: 3 }, { invoiceLineId: 'support', amount: 5_901n }]);
    // The whole seats line (117,999) and half the support line: 5,901 = 5,001 (10,001 : 1,800 → 5,000.5… and 900.0…).
    expect(plan.amount).toBe(123_900n);
    expect(plan.lines[1]).toMatchObject({ taxable: 5_001n, taxAmount: 900n });
    expect(plan.taxComponents.map((tax) => `${tax.code} ${tax.amount}`)).toEqual(['CGST 9000', 'SGST 9000', 'IGST 900']);
  });

  it('refuses, naming the field: unknown or repeated lines, discount lines, too much, both or neither of quantity and amount', () => {
    const refusal = (requests: Parameters<typeof planCreditNoteLines>[1]) => {
      try {
        planCreditNoteLines([seats, support, discount], requests);
      } catch (error) {
        return (error as DomainError).details?.fields?.[0]?.field;
      }
      return null;
    };
    expect(refusal([{ invoiceLineId: 'nope', amount: 1n }])).toBe('lines.0.invoiceLineId');
    expect(refusal([{ invoiceLineId: 'seats', amount: 1n }, { invoiceLineId: 'seats', amount: 1n }])).toBe('lines.1.invoiceLineId');
    expect(refusal([{ invoiceLineId: 'discount', amount: 1n }])).toBe('lines.0.invoiceLineId');
    expect(refusal([{ invoiceLineId: 'seats', quantity: 4 }])).toBe('lines.0.quantity');
    expect(refusal([{ invoiceLineId: 'support', amount: 11_802n }])).toBe('lines.0.amount');
    expect(refusal([{ invoiceLineId: 'support', amount: 1n, quantity: 1 }])).toBe('lines.0.amount');
    expect(refusal([{ invoiceLineId: 'support' }])).toBe('lines.0.amount');
    expect(refusal([])).toBe('lines');
  });
});

describe("where a credit note's money goes", () => {
  it('on a partly paid invoice: what lowers the amount due first, the rest split between balance, refund and out of band', () => {
    // ₹1,179.99 invoice (the seats line), ₹500.00 paid by card, ₹679.99 still due; one seat credited.
    const invoice = { status: 'open', total: 117_999n, tax: 18_000n, amountDue: 67_999n, amountPaid: 50_000n, amountRefunded: 0n, prePaymentCredited: 0n, postPaymentCredited: 0n };
    const lines = planCreditNoteLines([seats], [{ invoiceLineId: 'seats', quantity: 2 }]);
    expect(lines.amount).toBe(78_666n);
    const plan = planCreditNote(invoice, lines.amount);
    expect(plan).toMatchObject({ prePaymentAmount: 67_999n, postPaymentAmount: 10_667n });
    expect(splitCreditNoteMoney(plan.postPaymentAmount, {}, 50_000n)).toEqual({ creditAmount: 10_667n, refundAmount: 0n, outOfBandAmount: 0n });
    expect(splitCreditNoteMoney(plan.postPaymentAmount, { refundAmount: 10_000n, outOfBandAmount: 667n }, 50_000n)).toEqual({ creditAmount: 0n, refundAmount: 10_000n, outOfBandAmount: 667n });
  });

  it('refuses a split that does not add up, naming the first amount given, and a refund larger than the payment left', () => {
    const field = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as DomainError).details?.fields?.[0]?.field;
      }
      return null;
    };
    expect(field(() => splitCreditNoteMoney(1_000n, { refundAmount: 999n }, 5_000n))).toBe('refundAmount');
    expect(field(() => splitCreditNoteMoney(1_000n, { creditAmount: 500n, outOfBandAmount: 501n }, 5_000n))).toBe('creditAmount');
    expect(field(() => splitCreditNoteMoney(1_000n, { refundAmount: 1_000n }, 999n))).toBe('refundAmount');
    expect(field(() => splitCreditNoteMoney(0n, { refundAmount: 0n }, 0n))).toBeNull();
    expect(field(() => splitCreditNoteMoney(1_000n, { creditAmount: -1n, refundAmount: 1_001n }, 5_000n))).toBe('creditAmount');
  });
});
