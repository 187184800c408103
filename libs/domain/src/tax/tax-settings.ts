// The rules of what a tenant stores about tax: its registrations and a customer's (typed tax ids,
// validated by tax-ids.ts and kept in one canonical form), its tax rates (an exact per cent string,
// the levies it stacks) and tax codes (HSN/SAC). Defined once here and used by the API's DTOs and
// the tax context's use cases alike; how a sale is taxed is tax-decision.ts / invoice-tax.ts.
import { DomainValidationError } from '../errors';
import { gstStateCodeOf, type LineRate } from './invoice-tax';
import type { TaxBehavior } from './line-tax';
import { normalizeTaxId, taxIdProblem, type TaxIdType } from './tax-ids';
import { addRates, formatPercent, parsePercent, type TaxRate, type TaxRule } from './tax-rate';

export const TAX_ID_TYPES: readonly TaxIdType[] = ['in_gstin', 'ke_pin', 'ng_tin', 'za_vat', 'eu_vat'];
export const TAX_BEHAVIORS: readonly TaxBehavior[] = ['exclusive', 'inclusive'];
/** Registrations on the tenant's profile, and tax ids per customer. */
export const MAX_TAX_IDS = 10;
export const TAX_LEGAL_NAME_MAX_LENGTH = 200;
export const TAX_RATE_NAME_MAX_LENGTH = 100;
export const TAX_RATE_MAX_COMPONENTS = 5;
/** HSN codes are 4–8 digits, SAC codes 6 digits; other regimes use their own short categories. */
export const TAX_CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/;
export const TAX_COMPONENT_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,15}$/;
/** Where a rate is the whole rate of GST: its CGST/SGST/IGST split is decided per sale, never stored. */
const GST_COUNTRY = 'IN';

export interface TaxId {
  readonly type: TaxIdType;
  readonly value: string;
}

export function isTaxIdType(type: unknown): type is TaxIdType {
  return typeof type === 'string' && (TAX_ID_TYPES as readonly string[]).includes(type);
}

export function isTaxBehavior(behavior: unknown): behavior is TaxBehavior {
  return typeof behavior === 'string' && (TAX_BEHAVIORS as readonly string[]).includes(behavior);
}

/** Why `country` is not an ISO 3166-1 alpha-2 code (upper case), or null. */
export function countryCodeProblem(country: unknown): string | null {
  return typeof country === 'string' && /^[A-Z]{2}$/.test(country) ? null : 'must be an ISO 3166-1 alpha-2 country code in upper case (e.g. IN, KE)';
}

export function taxCodeProblem(code: unknown): string | null {
  return typeof code === 'string' && TAX_CODE_PATTERN.test(code) ? null : 'must be 1–32 letters, digits, dots, dashes or underscores (e.g. the HSN/SAC code 998314)';
}

/**
 * A tax id checked against its type's published structure and put in its canonical form; errors
 * name `<field>.type` / `<field>.value` (just `type` / `value` without a field: a body of its own).
 */
export function validTaxId(input: { type: unknown; value: unknown }, field?: string): TaxId {
  const name = (part: string) => (field ? `${field}.${part}` : part);
  if (!isTaxIdType(input.type)) throw new DomainValidationError(name('type'), `must be one of ${TAX_ID_TYPES.join(', ')}`);
  if (typeof input.value !== 'string' || input.value.trim() === '') throw new DomainValidationError(name('value'), 'must be a non-empty string');
  const value = normalizeTaxId(input.type, input.value.trim());
  const problem = taxIdProblem(input.type, value);
  if (problem) throw new DomainValidationError(name('value'), problem);
  return { type: input.type, value };
}

/**
 * The tenant's registrations: each valid, no duplicates, at most MAX_TAX_IDS, and at most one
 * GSTIN — only for a seller in India (the GSTIN's state is where its supplies are made from).
 */
export function validSellerTaxIds(list: readonly { type: unknown; value: unknown }[], country: string, field = 'taxIds'): TaxId[] {
  if (list.length > MAX_TAX_IDS) throw new DomainValidationError(field, `must hold at most ${MAX_TAX_IDS} tax ids`);
  const ids = list.map((input, index) => validTaxId(input, `${field}.${index}`));
  ids.forEach((id, index) => {
    if (ids.findIndex((other) => other.type === id.type && other.value === id.value) !== index) throw new DomainValidationError(`${field}.${index}`, 'is listed twice');
  });
  const gstins = ids.filter((id) => id.type === 'in_gstin');
  if (gstins.length > 0 && country !== GST_COUNTRY) throw new DomainValidationError(`${field}.${ids.indexOf(gstins[0]!)}.type`, 'a GSTIN needs the profile country IN');
  if (gstins.length > 1) throw new DomainValidationError(`${field}.${ids.indexOf(gstins[1]!)}`, 'one GSTIN per profile: invoices are issued from one registered state');
  return ids;
}

export interface TaxRateInput {
  readonly country: string;
  readonly state?: string | null;
  /** The whole rate, a decimal per cent string ("18", "7.5"). */
  readonly percentage: string;
  /** VAT: the levies charged; their per cents must add up to the whole rate. Omitted: one VAT levy. */
  readonly components?: readonly { readonly code: string; readonly percentage: string }[];
}

export interface PlannedTaxRate {
  /** The whole rate in its canonical per cent form ("7.5", not "7.50"). */
  readonly percentage: string;
  readonly state: string | null;
  readonly components: readonly { readonly code: string; readonly percentage: string }[];
}

/**
 * A tax rate as stored. GST (country IN): only the whole rate, split into CGST + SGST or charged
 * as IGST per sale; its `state` is a GST state code or name. VAT: the levies it stacks (one VAT
 * levy when none are given), each exact, adding up to the whole rate.
 */
export function planTaxRate(input: TaxRateInput): PlannedTaxRate {
  const countryProblem = countryCodeProblem(input.country);
  if (countryProblem) throw new DomainValidationError('country', countryProblem);
  const rate = requirePercent(input.percentage, 'percentage');
  const state = plannedState(input.country, input.state);
  if (input.country === GST_COUNTRY) {
    if (input.components && input.components.length > 0) throw new DomainValidationError('components', 'must be empty for GST: CGST + SGST or IGST are decided per sale from the place of supply');
    return { percentage: formatPercent(rate), state, components: [] };
  }
  const given = input.components && input.components.length > 0 ? input.components : [{ code: 'VAT', percentage: input.percentage }];
  if (given.length > TAX_RATE_MAX_COMPONENTS) throw new DomainValidationError('components', `must hold at most ${TAX_RATE_MAX_COMPONENTS} levies`);
  const components = given.map((component, index) => {
    if (typeof component.code !== 'string' || !TAX_COMPONENT_CODE_PATTERN.test(component.code)) {
      throw new DomainValidationError(`components.${index}.code`, 'must be an upper-case code of up to 16 letters, digits or underscores (e.g. VAT, NHIL)');
    }
    if (given.findIndex((other) => other.code === component.code) !== index) throw new DomainValidationError(`components.${index}.code`, 'is listed twice');
    return { code: component.code, rate: requirePercent(component.percentage, `components.${index}.percentage`) };
  });
  if (!sameRate(addRates(components.map((component) => component.rate)), rate)) {
    throw new DomainValidationError('components', `the levies add up to ${formatPercent(addRates(components.map((c) => c.rate)))} %, not the rate's ${formatPercent(rate)} %`);
  }
  return { percentage: formatPercent(rate), state, components: components.map((component) => ({ code: component.code, percentage: formatPercent(component.rate) })) };
}

/** A stored rate as the invoice tax plan takes it; its behaviour falls back to the profile's default. */
export function toLineRate(stored: { id: string; percentage: string; components: readonly { code: string; percentage: string }[]; taxBehavior: TaxBehavior | null }, defaultBehavior: TaxBehavior): LineRate {
  const rate = requirePercent(stored.percentage, 'percentage');
  const components: TaxRule[] = stored.components.length > 0 ? stored.components.map((c) => ({ code: c.code, rate: requirePercent(c.percentage, 'components') })) : [{ code: 'VAT', rate }];
  return { id: stored.id, rate, components, behavior: stored.taxBehavior ?? defaultBehavior };
}

export interface TaxLineAmount {
  readonly code: string;
  readonly percentage: string;
  readonly taxable: bigint;
  readonly amount: bigint;
}

/** An invoice's tax summary: per component and rate (CGST 9 %, SGST 9 %, IGST 18 % …), taxable value and tax, in first-seen order. */
export function summarizeTaxLines(lines: readonly TaxLineAmount[]): TaxLineAmount[] {
  const groups = new Map<string, { code: string; percentage: string; taxable: bigint; amount: bigint }>();
  for (const line of lines) {
    const key = `${line.code}@${line.percentage}`;
    const group = groups.get(key) ?? { code: line.code, percentage: line.percentage, taxable: 0n, amount: 0n };
    group.taxable += line.taxable;
    group.amount += line.amount;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The exact per cent of a component's rate, canonical ("9" for 18/200). */
export function percentageOf(rate: TaxRate): string {
  return formatPercent(rate);
}

function requirePercent(percentage: unknown, field: string): TaxRate {
  const rate = typeof percentage === 'string' ? parsePercent(percentage) : null;
  if (!rate) throw new DomainValidationError(field, 'must be a per cent from 0 to 100 as a decimal string with at most 6 decimals (e.g. "18", "7.5")');
  return rate;
}

function plannedState(country: string, state: string | null | undefined): string | null {
  if (state === undefined || state === null || state.trim() === '') return null;
  if (country !== GST_COUNTRY) {
    if (state.trim().length > 64) throw new DomainValidationError('state', 'must be at most 64 characters');
    return state.trim();
  }
  const code = gstStateCodeOf(state);
  if (!code) throw new DomainValidationError('state', 'must be a GST state code (e.g. 29) or state name (e.g. Karnataka)');
  return code;
}

const sameRate = (a: TaxRate, b: TaxRate) => a.numerator * b.denominator === b.numerator * a.denominator;

const TAX_ID_LABELS: Readonly<Record<TaxIdType, string>> = { in_gstin: 'GSTIN', ke_pin: 'KRA PIN', ng_tin: 'TIN', za_vat: 'VAT No.', eu_vat: 'VAT No.' };

/** A tax id as an invoice prints it: "GSTIN 29AABCU9603R1ZJ", "KRA PIN P051234567X". */
export function printedTaxId(id: { type: string; value: string }): string {
  return `${TAX_ID_LABELS[id.type as TaxIdType] ?? id.type} ${id.value}`;
}

/** A component of the tax summary as an invoice prints it: "CGST 9%". */
export function printedTaxLabel(tax: { code: string; percentage: string }): string {
  return `${tax.code} ${tax.percentage}%`;
}

/**
 * A credit note's tax share split over the invoice's components (CGST and SGST, IGST, stacked
 * levies) in proportion to what each charged; largest remainder, so the parts add up to `share`
 * exactly (an odd paisa goes to the first component with the biggest remainder).
 */
export function splitTaxShare(share: bigint, components: readonly { code: string; percentage: string; amount: bigint }[]): { code: string; percentage: string; amount: bigint }[] {
  const charged = components.reduce((sum, component) => sum + component.amount, 0n);
  if (charged <= 0n || share === 0n) return [];
  const sign = share < 0n ? -1n : 1n;
  const whole = share * sign;
  const parts = components.map((component, index) => ({ index, code: component.code, percentage: component.percentage, amount: (whole * component.amount) / charged, remainder: (whole * component.amount) % charged }));
  let left = whole - parts.reduce((sum, part) => sum + part.amount, 0n);
  for (const part of [...parts].sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.index - b.index))) {
    if (left === 0n) break;
    part.amount += 1n;
    left -= 1n;
  }
  return parts.map(({ code, percentage, amount }) => ({ code, percentage, amount: amount * sign }));
}
