import { gstinCheckCharacter, gstinProblem, gstinStateCode, normalizeTaxId, taxIdProblem } from './tax-ids';

describe('tax ids', () => {
  it('accepts real GSTINs and computes their check character (GSTN mod-36)', () => {
    for (const gstin of ['27AAPFU0939F1ZV', '07AAGFF2194N1Z1', '33AAACH7409R1Z8', '24AAACC1206D1ZM']) {
      expect(gstinProblem(gstin)).toBeNull();
      expect(gstinCheckCharacter(gstin.slice(0, 14))).toBe(gstin[14]);
    }
    expect(gstinStateCode('27AAPFU0939F1ZV')).toBe('27');
  });

  it('refuses a GSTIN with a wrong check character, an unknown state, or the wrong shape', () => {
    expect(gstinProblem('27AAPFU0939F1ZW')).toBe('has a wrong check character');
    expect(gstinProblem('99AAPFU0939F1ZV')).toBe('has an unknown state code 99');
    expect(gstinProblem('27AAPFU0939F1XV')).toMatch(/^must be 15 characters/);
    expect(gstinProblem('27AAPFU0939F0ZV')).toMatch(/^must be 15 characters/); // entity number 0 is not issued
  });

  it('checks the shapes of KRA PINs, FIRS TINs, SARS VAT numbers and EU VAT numbers', () => {
    expect(taxIdProblem('ke_pin', 'P051234567X')).toBeNull();
    expect(taxIdProblem('ke_pin', 'a012345678z')).toBeNull(); // case is normalised
    expect(taxIdProblem('ke_pin', 'B051234567X')).toMatch(/KRA PIN/);
    expect(taxIdProblem('ng_tin', '12345678-0001')).toBeNull();
    expect(taxIdProblem('ng_tin', '1234567-0001')).toMatch(/FIRS TIN/);
    expect(taxIdProblem('za_vat', '4123456789')).toBeNull();
    expect(taxIdProblem('za_vat', '5123456789')).toMatch(/starting with 4/);
    expect(taxIdProblem('eu_vat', 'DE 123 456 789')).toBeNull();
    expect(taxIdProblem('eu_vat', 'NL123456789B01')).toBeNull();
    expect(taxIdProblem('eu_vat', 'ATU12345678')).toBeNull();
    expect(taxIdProblem('eu_vat', 'DE12345678')).toBe('does not match the DE VAT number format');
    expect(taxIdProblem('eu_vat', 'GB123456789')).toMatch(/EU VAT country prefix/); // not in the EU since 2021
  });

  it('stores tax ids in one canonical form', () => {
    expect(normalizeTaxId('eu_vat', 'de 123.456.789')).toBe('DE123456789');
    expect(normalizeTaxId('ng_tin', '12345678-0001')).toBe('12345678-0001');
    expect(normalizeTaxId('in_gstin', ' 27aapfu0939f1zv ')).toBe('27AAPFU0939F1ZV');
  });
});
