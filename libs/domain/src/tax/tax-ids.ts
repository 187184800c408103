// Tax identifiers a billing system must read correctly, validated by their published structure:
// India's GSTIN (state code, PAN, entity number, 'Z', mod-36 check character), Kenya's KRA PIN,
// Nigeria's TIN, South Africa's VAT number and the EU's VAT numbers (country prefix + national
// format). Pure functions: no network lookups (VIES, the GST portal) — those confirm that a valid
// number is registered, which is a different question.

const GSTIN_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** GST state and union-territory codes (first two characters of a GSTIN), incl. 97 "other territory". */
export const GST_STATE_CODES: Readonly<Record<string, string>> = {
  '01': 'Jammu and Kashmir', '02': 'Himachal Pradesh', '03': 'Punjab', '04': 'Chandigarh', '05': 'Uttarakhand',
  '06': 'Haryana', '07': 'Delhi', '08': 'Rajasthan', '09': 'Uttar Pradesh', '10': 'Bihar', '11': 'Sikkim',
  '12': 'Arunachal Pradesh', '13': 'Nagaland', '14': 'Manipur', '15': 'Mizoram', '16': 'Tripura', '17': 'Meghalaya',
  '18': 'Assam', '19': 'West Bengal', '20': 'Jharkhand', '21': 'Odisha', '22': 'Chhattisgarh', '23': 'Madhya Pradesh',
  '24': 'Gujarat', '25': 'Daman and Diu', '26': 'Dadra and Nagar Haveli and Daman and Diu', '27': 'Maharashtra',
  '28': 'Andhra Pradesh (before 2019)', '29': 'Karnataka', '30': 'Goa', '31': 'Lakshadweep', '32': 'Kerala',
  '33': 'Tamil Nadu', '34': 'Puducherry', '35': 'Andaman and Nicobar Islands', '36': 'Telangana', '37': 'Andhra Pradesh',
  '38': 'Ladakh', '97': 'Other Territory',
};

/** The check character of a GSTIN's first 14 characters (the GSTN's mod-36 scheme). */
export function gstinCheckCharacter(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const value = GSTIN_CHARSET.indexOf(first14[i]!);
    const product = value * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return GSTIN_CHARSET[(36 - (sum % 36)) % 36]!;
}

const GSTIN_SHAPE = /^(\d{2})([A-Z]{5}\d{4}[A-Z])([1-9A-Z])Z([0-9A-Z])$/;

/** Why `gstin` is not a GSTIN, or null. Upper-case, no spaces: normalise before asking. */
export function gstinProblem(gstin: string): string | null {
  const match = GSTIN_SHAPE.exec(gstin);
  if (!match) return 'must be 15 characters: 2-digit state code, 10-character PAN, entity number, Z, check character';
  if (!GST_STATE_CODES[match[1]!]) return `has an unknown state code ${match[1]}`;
  if (gstinCheckCharacter(gstin.slice(0, 14)) !== match[4]) return 'has a wrong check character';
  return null;
}

/** The state code a valid GSTIN is registered in (its place of business for GST). */
export function gstinStateCode(gstin: string): string {
  return gstin.slice(0, 2);
}

export type TaxIdType = 'in_gstin' | 'ke_pin' | 'ng_tin' | 'za_vat' | 'eu_vat';

/** National VAT number formats after the two-letter prefix (the Commission's published structures). */
const EU_VAT_FORMATS: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/, BE: /^[01]\d{9}$/, BG: /^\d{9,10}$/, CY: /^\d{8}[A-Z]$/, CZ: /^\d{8,10}$/, DE: /^\d{9}$/,
  DK: /^\d{8}$/, EE: /^\d{9}$/, EL: /^\d{9}$/, ES: /^[0-9A-Z]\d{7}[0-9A-Z]$/, FI: /^\d{8}$/, FR: /^[0-9A-Z]{2}\d{9}$/,
  HR: /^\d{11}$/, HU: /^\d{8}$/, IE: /^\d{7}[A-W][A-IW]?$|^\d[A-Z+*]\d{5}[A-W]$/, IT: /^\d{11}$/, LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/, LV: /^\d{11}$/, MT: /^\d{8}$/, NL: /^\d{9}B\d{2}$/, PL: /^\d{10}$/, PT: /^\d{9}$/, RO: /^\d{2,10}$/,
  SE: /^\d{12}$/, SI: /^\d{8}$/, SK: /^\d{10}$/, XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

/** Why `value` is not a tax id of `type`, or null. Spaces, dots and dashes are ignored where the format has none. */
export function taxIdProblem(type: TaxIdType, value: string): string | null {
  const compact = value.replace(/[\s.]/g, '').toUpperCase();
  switch (type) {
    case 'in_gstin':
      return gstinProblem(compact);
    case 'ke_pin':
      // KRA PIN: A (individuals) or P (companies, partnerships…), nine digits, a check letter.
      return /^[AP]\d{9}[A-Z]$/.test(compact) ? null : 'must be a KRA PIN: A or P, nine digits, a letter (e.g. P051234567X)';
    case 'ng_tin':
      // FIRS TIN: eight digits, a dash, four digits (the dash may be left out).
      return /^\d{8}-?\d{4}$/.test(compact) ? null : 'must be a FIRS TIN: 8 digits, a dash, 4 digits (e.g. 12345678-0001)';
    case 'za_vat':
      return /^4\d{9}$/.test(compact) ? null : 'must be a SARS VAT number: 10 digits starting with 4';
    case 'eu_vat': {
      const withoutDashes = compact.replace(/-/g, '');
      const format = EU_VAT_FORMATS[withoutDashes.slice(0, 2)];
      if (!format) return 'must start with an EU VAT country prefix (e.g. DE, FR, EL for Greece, XI for Northern Ireland)';
      return format.test(withoutDashes.slice(2)) ? null : `does not match the ${withoutDashes.slice(0, 2)} VAT number format`;
    }
    default: {
      const unknown: never = type;
      return `unknown tax id type ${String(unknown)}`;
    }
  }
}

/** The canonical stored form: upper-case, no spaces or dots (dashes kept where the format has one). */
export function normalizeTaxId(type: TaxIdType, value: string): string {
  const compact = value.replace(/[\s.]/g, '').toUpperCase();
  return type === 'ng_tin' ? compact : compact.replace(/-/g, '');
}
