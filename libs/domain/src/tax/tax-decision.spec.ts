import { STANDARD_VAT, decideGst, decideVat } from './tax-decision';
import { computeLineTax } from './line-tax';

const GST_18 = { numerator: 18n, denominator: 100n };
const MAHARASHTRA_SELLER = '27AAPFU0939F1ZV';
const MAHARASHTRA_BUYER = '27AAACC1206D1ZG';

describe('India GST by place of supply', () => {
  it('same state (B2B: the buyer GSTIN is in Maharashtra too): CGST 9 % + SGST 9 %, each rounded on its own', () => {
    const sameState = decideGst({ sellerGstin: MAHARASHTRA_SELLER, rate: GST_18, buyer: { country: 'IN', gstin: MAHARASHTRA_BUYER } });
    expect(sameState.treatment).toBe('taxable');
    expect(sameState.components).toEqual([{ code: 'CGST', rate: { numerator: 18n, denominator: 200n } }, { code: 'SGST', rate: { numerator: 18n, denominator: 200n } }]);
    // B2C with an address in Maharashtra: the same.
    expect(decideGst({ sellerGstin: MAHARASHTRA_SELLER, rate: GST_18, buyer: { country: 'IN', stateCode: '27' } }).components).toEqual(sameState.components);
    // ₹999.99 at 18 %: each half is 9 % of 99,999 paise = 8,999.91 → 9,000 paise, twice: 18,000 (not 17,999.82 → 18,000 once).
    const line = computeLineTax(99_999n, sameState.components, 'exclusive');
    expect(line.taxes).toEqual([{ code: 'CGST', amount: 9_000n }, { code: 'SGST', amount: 9_000n }]);
    expect(line.total).toBe(117_999n);
    // ₹0.05 at 18 %: 0.45 paise per half rounds half-even to 0 each — the components decide, not the total.
    expect(computeLineTax(5n, sameState.components, 'exclusive').taxes.map((t) => t.amount)).toEqual([0n, 0n]);
  });

  it('other state: IGST at the full rate; a B2B buyer places the supply in its GSTIN state', () => {
    const b2b = decideGst({ sellerGstin: MAHARASHTRA_SELLER, rate: GST_18, buyer: { country: 'IN', gstin: '33AAACH7409R1Z8', stateCode: '27' } });
    expect(b2b.components).toEqual([{ code: 'IGST', rate: GST_18 }]);
    expect(computeLineTax(250_000n, b2b.components, 'exclusive')).toEqual({ taxable: 250_000n, taxes: [{ code: 'IGST', amount: 45_000n }], total: 295_000n });
  });

  it('exports are zero-rated, exempt buyers pay nothing, and a B2C buyer needs a state', () => {
    expect(decideGst({ sellerGstin: MAHARASHTRA_SELLER, rate: GST_18, buyer: { country: 'KE' } })).toMatchObject({ treatment: 'zero_rated_export', components: [] });
    expect(decideGst({ sellerGstin: MAHARASHTRA_SELLER, rate: GST_18, buyer: { country: 'IN', stateCode: '07', exempt: true } }).treatment).toBe('exempt');
    expect(() => decideGst({ sellerGstin: MAHARASHTRA_SELLER, rate: GST_18, buyer: { country: 'IN' } })).toThrow(/buyer.stateCode/);
    expect(() => decideGst({ sellerGstin: '27AAPFU0939F1ZW', rate: GST_18, buyer: { country: 'IN', stateCode: '27' } })).toThrow(/seller.gstin: has a wrong check character/);
  });

  it('inclusive prices: ₹1,180.00 including 18 % GST is ₹1,000.00 + ₹90.00 CGST + ₹90.00 SGST', () => {
    const { components } = decideGst({ sellerGstin: MAHARASHTRA_SELLER, rate: GST_18, buyer: { country: 'IN', stateCode: '27' } });
    expect(computeLineTax(118_000n, components, 'inclusive')).toEqual({ taxable: 100_000n, taxes: [{ code: 'CGST', amount: 9_000n }, { code: 'SGST', amount: 9_000n }], total: 118_000n });
  });
});

describe('VAT', () => {
  it('Kenya 16 %, Nigeria 7.5 %, South Africa 15 % on domestic sales', () => {
    expect(computeLineTax(1_000_00n, decideVat({ regime: STANDARD_VAT.KE, buyer: { country: 'KE' } }).components, 'exclusive').taxes).toEqual([{ code: 'VAT', amount: 16_000n }]);
    expect(computeLineTax(2_500_000n, decideVat({ regime: STANDARD_VAT.NG, buyer: { country: 'NG' } }).components, 'exclusive').taxes).toEqual([{ code: 'VAT', amount: 187_500n }]);
    expect(computeLineTax(99_999n, decideVat({ regime: STANDARD_VAT.ZA, buyer: { country: 'ZA' } }).components, 'exclusive').taxes).toEqual([{ code: 'VAT', amount: 15_000n }]);
  });

  it('abroad: a registered business buyer is reverse-charged, a consumer buys a zero-rated export', () => {
    expect(decideVat({ regime: STANDARD_VAT.KE, buyer: { country: 'UG', taxId: '1000123456' } })).toMatchObject({ treatment: 'reverse_charge', components: [], note: expect.stringMatching(/^Reverse charge/) });
    expect(decideVat({ regime: STANDARD_VAT.KE, buyer: { country: 'UG' } })).toMatchObject({ treatment: 'zero_rated_export', components: [] });
    expect(decideVat({ regime: STANDARD_VAT.KE, buyer: { country: 'KE', exempt: true } }).treatment).toBe('exempt');
  });

  it('inclusive VAT: KES 116.00 including 16 % is 100.00 + 16.00; a price that does not divide evenly still totals exactly', () => {
    const { components } = decideVat({ regime: STANDARD_VAT.KE, buyer: { country: 'KE' } });
    expect(computeLineTax(11_600n, components, 'inclusive')).toEqual({ taxable: 10_000n, taxes: [{ code: 'VAT', amount: 1_600n }], total: 11_600n });
    const odd = computeLineTax(999n, components, 'inclusive');
    expect(odd.taxable + odd.taxes[0]!.amount).toBe(999n);
    expect(odd).toEqual({ taxable: 861n, taxes: [{ code: 'VAT', amount: 138n }], total: 999n });
  });

  it('stacked levies are each rounded on their own, on the same taxable value', () => {
    const stacked = [
      { code: 'VAT', rate: { numerator: 16n, denominator: 100n } },
      { code: 'LEVY', rate: { numerator: 15n, denominator: 1000n } },
    ];
    expect(computeLineTax(10_001n, stacked, 'exclusive').taxes).toEqual([{ code: 'VAT', amount: 1_600n }, { code: 'LEVY', amount: 150n }]);
    const inclusive = computeLineTax(11_750n, stacked, 'inclusive');
    expect(inclusive).toEqual({ taxable: 10_000n, taxes: [{ code: 'VAT', amount: 1_600n }, { code: 'LEVY', amount: 150n }], total: 11_750n });
  });
});
