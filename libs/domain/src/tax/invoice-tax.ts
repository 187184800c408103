// The tax of one invoice, decided from who sells to whom and each line's rate: the one place
// that puts tax-decision.ts (which components apply) and line-tax.ts (how each line is taxed)
// together. Pure: the billing run loads the profile, the customers and the rates once per batch
// and asks this per invoice.
import { decideGst, decideVat, type TaxDecision, type TaxTreatment } from './tax-decision';
import type { TaxBehavior } from './line-tax';
import { GST_STATE_CODES, gstinStateCode } from './tax-ids';
import type { TaxRate, TaxRule } from './tax-rate';

export type CustomerTaxStatus = 'taxable' | 'exempt' | 'reverse_charge';
export const CUSTOMER_TAX_STATUSES: readonly CustomerTaxStatus[] = ['taxable', 'exempt', 'reverse_charge'];

export interface TaxSeller {
  /** ISO 3166-1 alpha-2 of the seller's place of business. */
  readonly country: string;
  /** Set when the seller is GST-registered in India: then India's GST applies, else VAT. */
  readonly gstin?: string | null;
}

export interface TaxBuyer {
  /** ISO 3166-1 alpha-2 of the customer's address; unknown is taken as the seller's country. */
  readonly country?: string | null;
  /** India B2C: the GST state code of the customer's address. */
  readonly stateCode?: string | null;
  readonly gstin?: string | null;
  /** Any other tax registration of a business customer (VAT number, KRA PIN, TIN …). */
  readonly taxId?: string | null;
  readonly status: CustomerTaxStatus;
}

/** A tax rate of the tenant as a line gets it. */
export interface LineRate {
  readonly id: string;
  /** The whole rate (GST: split into CGST + SGST or charged as IGST). */
  readonly rate: TaxRate;
  /** VAT: the levies charged, each rounded on its own (one VAT component, or several stacked). */
  readonly components: readonly TaxRule[];
  readonly behavior: TaxBehavior;
}

export interface LineTaxPlan {
  readonly rateId: string | null;
  readonly components: readonly TaxRule[];
  readonly behavior: TaxBehavior;
}

export interface InvoiceTaxPlan {
  /** How the sale is treated; null when no line has a rate (nothing to say on the invoice). */
  readonly treatment: TaxTreatment | null;
  readonly note: string | null;
  /** GST: the state code of the place of supply. */
  readonly placeOfSupply: string | null;
  readonly lines: readonly LineTaxPlan[];
}

const REVERSE_CHARGE: TaxDecision = { treatment: 'reverse_charge', components: [], note: 'Reverse charge: the customer accounts for the tax' };

/** "27", "Maharashtra" or "maharashtra" → "27"; null when it names no GST state. */
export function gstStateCodeOf(state: string | null | undefined): string | null {
  if (!state) return null;
  const trimmed = state.trim();
  if (GST_STATE_CODES[trimmed]) return trimmed;
  const byName = Object.entries(GST_STATE_CODES).find(([, name]) => name.toLowerCase() === trimmed.toLowerCase());
  return byName ? byName[0] : null;
}

/**
 * What each line of one invoice is taxed with. Lines without a rate are untaxed. A B2C buyer in
 * India with no state on record is supplied where the seller is (IGST Act s.12(2)(b): the
 * supplier's location when the recipient's address is not on record), so a billing run never
 * fails for a missing address.
 */
export function planInvoiceTax(seller: TaxSeller, buyer: TaxBuyer, lineRates: readonly (LineRate | null)[]): InvoiceTaxPlan {
  const country = buyer.country || seller.country;
  const decisions = new Map<string, TaxDecision>();
  const decide = (rate: LineRate): TaxDecision => {
    if (buyer.status === 'reverse_charge') return REVERSE_CHARGE;
    const exempt = buyer.status === 'exempt';
    if (seller.gstin) {
      const stateCode = buyer.gstin ? undefined : (buyer.stateCode ?? gstinStateCode(seller.gstin));
      return decideGst({ sellerGstin: seller.gstin, rate: rate.rate, buyer: { country, exempt, gstin: buyer.gstin ?? undefined, stateCode } });
    }
    return decideVat({ regime: { country: seller.country, components: rate.components }, buyer: { country, exempt, taxId: buyer.taxId ?? buyer.gstin ?? undefined } });
  };
  const lines = lineRates.map((rate): LineTaxPlan => {
    if (!rate) return { rateId: null, components: [], behavior: 'exclusive' };
    let decision = decisions.get(rate.id);
    if (!decision) decisions.set(rate.id, (decision = decide(rate)));
    return { rateId: rate.id, components: decision.components, behavior: rate.behavior };
  });
  const first = decisions.values().next().value as TaxDecision | undefined;
  const placeOfSupply = seller.gstin && first?.treatment === 'taxable' ? (buyer.gstin ? gstinStateCode(buyer.gstin) : (buyer.stateCode ?? gstinStateCode(seller.gstin))) : null;
  return { treatment: first?.treatment ?? null, note: first?.note ?? null, placeOfSupply, lines };
}
