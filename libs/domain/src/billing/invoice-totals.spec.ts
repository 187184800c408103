import { DomainValidationError } from '../errors';
import { UnknownCurrencyError } from '../money/currency';
import { CurrencyMismatchError } from '../money/money';
import { computeInvoiceTotals, type InvoiceLineInput } from './invoice-totals';
import { rateFromBasisPoints, type TaxRule } from '../tax/tax-rate';

const VAT_16: TaxRule = { code: 'VAT', rate: rateFromBasisPoints(1600) };
const CGST_9: TaxRule = { code: 'CGST', rate: rateFromBasisPoints(900) };
const SGST_9: TaxRule = { code: 'SGST', rate: rateFromBasisPoints(900) };

describe('computeInvoiceTotals', () => {
  it('multiplies, taxes and adds: Kenyan VAT 16% on 3 × KES 3.33', () => {
    const totals = computeInvoiceTotals('KES', [{ quantity: 3, unitAmount: 333n, currency: 'KES', taxes: [VAT_16] }]);
    // 999 × 16% = 159.84 → 160
    expect(totals).toEqual({
      currency: 'KES',
      lines: [{ amount: 999n, taxable: 999n, taxes: [{ code: 'VAT', amount: 160n }], taxAmount: 160n, total: 1159n }],
      subtotal: 999n,
      taxes: [{ code: 'VAT', amount: 160n }],
      taxTotal: 160n,
      total: 1159n,
    });
  });

  it('applies two GST components to one line, each rounded on its own, and sums them per code', () => {
    const lines: InvoiceLineInput[] = [
      { quantity: 2, unitAmount: 49_900n, currency: 'INR', taxes: [CGST_9, SGST_9] }, // 998.00 → 89.82 each
      { quantity: 1, unitAmount: 150n, currency: 'INR', taxes: [CGST_9, SGST_9] }, // 1.50 → 0.135 → 0.14 each
      { quantity: 1, unitAmount: 10_000n, currency: 'INR' }, // untaxed
    ];
    const totals = computeInvoiceTotals('INR', lines);
    expect(totals.lines.map((line) => line.taxAmount)).toEqual([17_964n, 28n, 0n]);
    expect(totals.taxes).toEqual([
      { code: 'CGST', amount: 8_996n },
      { code: 'SGST', amount: 8_996n },
    ]);
    expect(totals.subtotal).toBe(109_950n);
    expect(totals.taxTotal).toBe(17_992n);
    expect(totals.total).toBe(127_942n);
  });

  it('rounds per line half-even, so ties go to the even minor unit and each line adds up on its own', () => {
    // 0.50 × 9% = 0.045 → 0.04; 1.50 × 9% = 0.135 → 0.14.
    const tie = (unitAmount: bigint): InvoiceLineInput => ({ quantity: 1, unitAmount, currency: 'USD', taxes: [CGST_9] });
    const totals = computeInvoiceTotals('USD', [tie(50n), tie(150n), tie(50n)]);
    expect(totals.lines.map((line) => line.taxAmount)).toEqual([4n, 14n, 4n]);
    expect(totals.taxTotal).toBe(22n);
    // The documented trade-off: two 0.50 lines carry 0.04 + 0.04 = 0.08, where one rounding of 1.00 × 9% gives 0.09.
    expect(computeInvoiceTotals('USD', [tie(50n), tie(50n)]).taxTotal).toBe(8n);
  });

  it('supports rational rates finer than basis points', () => {
    const third: TaxRule = { code: 'X', rate: { numerator: 1n, denominator: 3n } };
    const totals = computeInvoiceTotals('USD', [{ quantity: 1, unitAmount: 100n, currency: 'USD', taxes: [third] }]);
    expect(totals.taxTotal).toBe(33n); // 33.33…
    const eighthPercent: TaxRule = { code: 'CESS', rate: { numerator: 125n, denominator: 100_000n } };
    const cess = computeInvoiceTotals('INR', [{ quantity: 1, unitAmount: 100_000n, currency: 'INR', taxes: [eighthPercent] }]);
    expect(cess.taxTotal).toBe(125n); // 0.125% of 1000.00 = 1.25
  });

  it('handles credit lines (negative unit amounts) with symmetric tax', () => {
    const totals = computeInvoiceTotals('KES', [
      { quantity: 1, unitAmount: 10_000n, currency: 'KES', taxes: [VAT_16] },
      { quantity: 1, unitAmount: -2_500n, currency: 'KES', taxes: [VAT_16] },
    ]);
    expect(totals.lines.map((line) => line.taxAmount)).toEqual([1_600n, -400n]);
    expect([totals.subtotal, totals.taxTotal, totals.total]).toEqual([7_500n, 1_200n, 8_700n]);
  });

  it('works in zero- and three-decimal currencies', () => {
    const vat18: TaxRule = { code: 'TVA', rate: rateFromBasisPoints(1800) };
    const xof = computeInvoiceTotals('XOF', [{ quantity: 3, unitAmount: 1_555n, currency: 'XOF', taxes: [vat18] }]);
    expect([xof.subtotal, xof.taxTotal, xof.total]).toEqual([4_665n, 840n, 5_505n]); // 839.7 → 840 francs
    const kwd = computeInvoiceTotals('KWD', [{ quantity: 1, unitAmount: 1_234n, currency: 'KWD', taxes: [VAT_16] }]);
    expect(kwd.taxTotal).toBe(197n); // 1.234 × 16% = 0.19744 → 0.197
  });

  it('stays exact far beyond 2^53', () => {
    const unitAmount = 2n ** 60n;
    const totals = computeInvoiceTotals('USD', [{ quantity: 1_000_000, unitAmount, currency: 'USD', taxes: [VAT_16] }]);
    expect(totals.subtotal).toBe(1_000_000n * unitAmount);
    expect(totals.taxTotal).toBe(160_000n * unitAmount);
    expect(totals.total).toBe(1_160_000n * unitAmount);
  });

  it('totals an empty invoice to zero and accepts zero quantities', () => {
    expect(computeInvoiceTotals('USD', [])).toEqual({ currency: 'USD', lines: [], subtotal: 0n, taxes: [], taxTotal: 0n, total: 0n });
    expect(computeInvoiceTotals('USD', [{ quantity: 0, unitAmount: 999n, currency: 'USD' }]).total).toBe(0n);
  });

  it('rejects mixed currencies, naming the line', () => {
    const lines: InvoiceLineInput[] = [
      { quantity: 1, unitAmount: 100n, currency: 'USD' },
      { quantity: 1, unitAmount: 100n, currency: 'EUR' },
    ];
    expect(() => computeInvoiceTotals('USD', lines)).toThrow(CurrencyMismatchError);
    expect(() => computeInvoiceTotals('USD', lines)).toThrow('lines[1].currency: must be USD like the rest, got EUR');
  });

  it.each([
    [{ quantity: -1, unitAmount: 100n }, 'lines[0].quantity: must be a non-negative integer, got -1'],
    [{ quantity: 1.5, unitAmount: 100n }, 'lines[0].quantity: must be a non-negative integer, got 1.5'],
    [{ quantity: Number.NaN, unitAmount: 100n }, 'lines[0].quantity: must be a non-negative integer, got NaN'],
    [{ quantity: 1, unitAmount: 100 }, 'lines[0].unitAmount: must be a bigint of minor units, got number'],
    [{ quantity: 1, unitAmount: 100n, taxes: [{ code: 'VAT', rate: { numerator: -16n, denominator: 100n } }] }, 'lines[0].taxes[0].rate.numerator: must not be negative'],
  ])('rejects a bad line %p', (line, message) => {
    const bad = { currency: 'USD', ...line } as unknown as InvoiceLineInput;
    expect(() => computeInvoiceTotals('USD', [bad])).toThrow(DomainValidationError);
    expect(() => computeInvoiceTotals('USD', [bad])).toThrow(message);
  });

  it('backs inclusive prices out exactly: 3 × KES 116.00 including VAT 16 % is 300.00 + 48.00', () => {
    const totals = computeInvoiceTotals('KES', [{ quantity: 3, unitAmount: 11_600n, currency: 'KES', taxes: [VAT_16], taxBehavior: 'inclusive' }]);
    expect(totals.lines[0]).toEqual({ amount: 34_800n, taxable: 30_000n, taxes: [{ code: 'VAT', amount: 4_800n }], taxAmount: 4_800n, total: 34_800n });
    expect([totals.subtotal, totals.taxTotal, totals.total]).toEqual([30_000n, 4_800n, 34_800n]);
  });

  it('rejects an unknown invoice currency even with no lines', () => {
    expect(() => computeInvoiceTotals('ABC', [])).toThrow(UnknownCurrencyError);
  });
});
