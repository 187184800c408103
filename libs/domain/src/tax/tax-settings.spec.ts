import { computeLineTax } from './line-tax';
import { planTaxRate, printedTaxId, printedTaxLabel, splitTaxShare, summarizeTaxLines, taxCodeProblem, toLineRate, validSellerTaxIds, validTaxId } from './tax-settings';

describe('tax ids as stored', () => {
  it('normalises a valid id and names the failing part of a bad one', () => {
    expect(validTaxId({ type: 'in_gstin', value: ' 29aabcu9603r1zj ' }, 'taxId')).toEqual({ type: 'in_gstin', value: '29AABCU9603R1ZJ' });
    expect(validTaxId({ type: 'eu_vat', value: 'de 123.456.789' }, 'taxId')).toEqual({ type: 'eu_vat', value: 'DE123456789' });
    expect(() => validTaxId({ type: 'in_gstin', value: '29AABCU9603R1ZK' }, 'taxId')).toThrow('taxId.value: has a wrong check character');
    expect(() => validTaxId({ type: 'us_ein', value: '12-3456789' }, 'taxId')).toThrow(/^taxId.type: must be one of in_gstin/);
    expect(() => validTaxId({ type: 'ke_pin', value: '  ' }, 'taxId')).toThrow('taxId.value: must be a non-empty string');
    expect(() => validTaxId({ type: 'ke_pin', value: 'B051234567X' })).toThrow(/^value: must be a KRA PIN/);
  });

  it('a seller has at most one GSTIN, only in India, and no id twice', () => {
    expect(validSellerTaxIds([{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }], 'IN')).toHaveLength(1);
    expect(() => validSellerTaxIds([{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }], 'KE')).toThrow('taxIds.0.type: a GSTIN needs the profile country IN');
    expect(() => validSellerTaxIds([{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }, { type: 'in_gstin', value: '27AAPFU0939F1ZV' }], 'IN')).toThrow(/^taxIds.1: one GSTIN per profile/);
    expect(() => validSellerTaxIds([{ type: 'ke_pin', value: 'P051234567X' }, { type: 'ke_pin', value: 'p051234567x' }], 'KE')).toThrow('taxIds.1: is listed twice');
  });

  it('tax codes are short HSN/SAC-like codes', () => {
    expect(taxCodeProblem('998314')).toBeNull();
    expect(taxCodeProblem('8471.30')).toBeNull();
    expect(taxCodeProblem('')).not.toBeNull();
    expect(taxCodeProblem('=cmd()')).not.toBeNull();
  });
});

describe('planTaxRate', () => {
  it('GST rates store only the whole rate; the state is a GST state code', () => {
    expect(planTaxRate({ country: 'IN', percentage: '18.00', state: 'Karnataka' })).toEqual({ percentage: '18', state: '29', components: [] });
    expect(() => planTaxRate({ country: 'IN', percentage: '18', components: [{ code: 'CGST', percentage: '9' }] })).toThrow(/^components: must be empty for GST/);
    expect(() => planTaxRate({ country: 'IN', percentage: '18', state: 'Atlantis' })).toThrow(/^state: must be a GST state code/);
  });

  it('VAT: one VAT levy by default; stacked levies must add up to the rate exactly', () => {
    expect(planTaxRate({ country: 'KE', percentage: '16' })).toEqual({ percentage: '16', state: null, components: [{ code: 'VAT', percentage: '16' }] });
    // Ghana-style stack: VAT 15 % + NHIL 2.5 % + GETFund 2.5 % = 20 %.
    const stacked = planTaxRate({ country: 'GH', percentage: '20', components: [{ code: 'VAT', percentage: '15' }, { code: 'NHIL', percentage: '2.5' }, { code: 'GETFUND', percentage: '2.50' }] });
    expect(stacked.components).toEqual([{ code: 'VAT', percentage: '15' }, { code: 'NHIL', percentage: '2.5' }, { code: 'GETFUND', percentage: '2.5' }]);
    expect(() => planTaxRate({ country: 'GH', percentage: '20', components: [{ code: 'VAT', percentage: '15' }, { code: 'NHIL', percentage: '2.5' }] })).toThrow("components: the levies add up to 17.5 %, not the rate's 20 %");
    expect(() => planTaxRate({ country: 'KE', percentage: '16.5.1' })).toThrow(/^percentage: must be a per cent/);
    expect(() => planTaxRate({ country: 'ke', percentage: '16' })).toThrow(/^country:/);
    expect(() => planTaxRate({ country: 'KE', percentage: '16', components: [{ code: 'vat', percentage: '16' }] })).toThrow(/^components.0.code:/);
  });

  it('a stored rate taxes lines exactly, with the profile default behaviour when it has none', () => {
    const kenya = toLineRate({ id: 'r', percentage: '16', components: [{ code: 'VAT', percentage: '16' }], taxBehavior: null }, 'inclusive');
    expect(kenya.behavior).toBe('inclusive');
    // KES 1,160.00 including 16 % VAT is 1,000.00 + 160.00.
    expect(computeLineTax(116_000n, kenya.components, kenya.behavior)).toEqual({ taxable: 100_000n, taxes: [{ code: 'VAT', amount: 16_000n }], total: 116_000n });
    const gst = toLineRate({ id: 'g', percentage: '18', components: [], taxBehavior: 'exclusive' }, 'inclusive');
    expect(gst).toMatchObject({ rate: { numerator: 18n, denominator: 100n }, behavior: 'exclusive' });
  });
});

describe('summarizeTaxLines', () => {
  it('groups by component and rate, in first-seen order', () => {
    expect(
      summarizeTaxLines([
        { code: 'CGST', percentage: '9', taxable: 10_050n, amount: 904n },
        { code: 'SGST', percentage: '9', taxable: 10_050n, amount: 904n },
        { code: 'CGST', percentage: '2.5', taxable: 1_000n, amount: 25n },
        { code: 'CGST', percentage: '9', taxable: 99_999n, amount: 9_000n },
      ]),
    ).toEqual([
      { code: 'CGST', percentage: '9', taxable: 110_049n, amount: 9_904n },
      { code: 'SGST', percentage: '9', taxable: 10_050n, amount: 904n },
      { code: 'CGST', percentage: '2.5', taxable: 1_000n, amount: 25n },
    ]);
  });
});

describe('printed tax ids and labels', () => {
  it('prints ids with their official name and components with their rate', () => {
    expect(printedTaxId({ type: 'in_gstin', value: '29AABCU9603R1ZJ' })).toBe('GSTIN 29AABCU9603R1ZJ');
    expect(printedTaxId({ type: 'ke_pin', value: 'P051234567X' })).toBe('KRA PIN P051234567X');
    expect(printedTaxLabel({ code: 'SGST', percentage: '9' })).toBe('SGST 9%');
  });
});

describe('splitTaxShare', () => {
  it("splits a credit note's tax over the invoice's components, adding up exactly", () => {
    const halves = [{ code: 'CGST', percentage: '9', amount: 904n }, { code: 'SGST', percentage: '9', amount: 904n }];
    expect(splitTaxShare(1_808n, halves).map((part) => part.amount)).toEqual([904n, 904n]);
    // An odd share of two equal halves: the odd paisa goes to the first.
    expect(splitTaxShare(905n, halves).map((part) => part.amount)).toEqual([453n, 452n]);
    // Stacked levies 15 : 2.5 : 2.5 of a 1,000 tax share.
    const ghana = [{ code: 'VAT', percentage: '15', amount: 1_500n }, { code: 'NHIL', percentage: '2.5', amount: 250n }, { code: 'GETFUND', percentage: '2.5', amount: 250n }];
    expect(splitTaxShare(1_001n, ghana).map((part) => part.amount)).toEqual([751n, 125n, 125n]);
    expect(splitTaxShare(0n, ghana)).toEqual([]);
    expect(splitTaxShare(100n, [])).toEqual([]);
  });
});
