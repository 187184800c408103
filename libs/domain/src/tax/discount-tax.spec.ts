import { spreadDiscountTax, type DiscountableLine } from './discount-tax';
import { parsePercent, type TaxRule } from './tax-rate';

const rule = (code: string, percent: string): TaxRule => ({ code, rate: parsePercent(percent)! });
const gst18 = [rule('CGST', '9'), rule('SGST', '9')];
const gst5 = [rule('CGST', '2.5'), rule('SGST', '2.5')];
const line = (amount: bigint, rateId: string | null, components: TaxRule[], behavior: 'exclusive' | 'inclusive' = 'exclusive'): DiscountableLine => ({ amount, discount: false, rateId, components, behavior });
const discount = (amount: bigint): DiscountableLine => ({ amount, discount: true, rateId: 'default', components: gst18, behavior: 'exclusive' });

describe('spreadDiscountTax', () => {
  it('spreads an awkward discount pro rata over the taxed lines per rate and component, exactly', () => {
    // ₹999.99 at GST 18 %, ₹100.01 at GST 5 %, ₹50.00 untaxed; ₹12.34 off.
    // 1,234 × 99,999 / 115,000 = 1,073.03…, × 10,001 / 115,000 = 107.31…, × 5,000 / 115,000 = 53.65…:
    // floors 1,073 + 107 + 53 = 1,233, the unit left to the largest remainder (the untaxed group's .65).
    const [, , , spread] = spreadDiscountTax([line(99_999n, 'gst18', gst18), line(10_001n, 'gst5', gst5), line(5_000n, null, []), discount(-1_234n)]);
    // −1,073 × 9 % = −96.57 → −97 per half; −107 × 2.5 % = −2.675 → −3 per half; each rounded on its own.
    expect(spread!.taxes).toEqual([
      { rateId: 'gst18', code: 'CGST', percentage: '9', behavior: 'exclusive', taxable: -1_073n, amount: -97n },
      { rateId: 'gst18', code: 'SGST', percentage: '9', behavior: 'exclusive', taxable: -1_073n, amount: -97n },
      { rateId: 'gst5', code: 'CGST', percentage: '2.5', behavior: 'exclusive', taxable: -107n, amount: -3n },
      { rateId: 'gst5', code: 'SGST', percentage: '2.5', behavior: 'exclusive', taxable: -107n, amount: -3n },
    ]);
    // The untaxed part (−54) lowers the taxable value too, with no tax.
    expect(spread).toMatchObject({ taxable: -1_234n, total: -1_434n });
  });

  it('lines of one rate are one group; other lines and two discounts each get their own answer', () => {
    const result = spreadDiscountTax([line(3_333n, 'gst18', gst18), discount(-1_000n), line(6_667n, 'gst18', gst18), discount(-1n)]);
    expect(result[0]).toBeNull();
    expect(result[2]).toBeNull();
    expect(result[1]!.taxes.map((tax) => tax.amount)).toEqual([-90n, -90n]);
    // One minor unit off: 0.09 per half, rounded half-even to 0.
    expect(result[3]).toEqual({ taxable: -1n, taxes: [expect.objectContaining({ amount: 0n }), expect.objectContaining({ amount: 0n })], total: -1n });
  });

  it('an inclusive price: the share is backed out like the price (VAT 16 %)', () => {
    const vat = [rule('VAT', '16')];
    const [, spread] = spreadDiscountTax([line(11_600n, 'vat16', vat, 'inclusive'), discount(-1_160n)]);
    expect(spread).toEqual({ taxable: -1_000n, taxes: [{ rateId: 'vat16', code: 'VAT', percentage: '16', behavior: 'inclusive', taxable: -1_000n, amount: -160n }], total: -1_160n });
  });

  it('nothing to spread over: the discount is untaxed', () => {
    expect(spreadDiscountTax([discount(-500n)])).toEqual([{ taxable: -500n, taxes: [], total: -500n }]);
  });
});
