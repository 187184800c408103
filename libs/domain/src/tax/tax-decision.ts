// Which taxes apply to a sale, decided once per invoice from who sells to whom: India's GST by
// place of supply, single-rate VAT (Kenya, Nigeria, South Africa) with exports and reverse
// charge. The result is the list of components each line is taxed with (see line-tax.ts).
import { DomainValidationError } from '../errors';
import type { TaxRate, TaxRule } from './tax-rate';
import { gstinProblem, gstinStateCode } from './tax-ids';

/** How a sale is treated; what the invoice must say when no tax is charged. */
export type TaxTreatment = 'taxable' | 'zero_rated_export' | 'reverse_charge' | 'exempt';

export interface TaxDecision {
  readonly treatment: TaxTreatment;
  /** The components every taxable line gets, in invoice order; empty when nothing is charged. */
  readonly components: readonly TaxRule[];
  /** The legend an invoice needs when no tax is charged, e.g. "Reverse charge: …". */
  readonly note?: string;
}

export interface Buyer {
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** Exempt customers (diplomatic missions, approved NGOs …) are charged no tax. */
  readonly exempt?: boolean;
}

// --- India GST ---------------------------------------------------------------------------

export interface GstSale {
  /** The seller's GSTIN: its state is where the supply is made from. */
  readonly sellerGstin: string;
  /** The GST rate of the goods or service (its HSN/SAC), e.g. 18/100. */
  readonly rate: TaxRate;
  readonly buyer: Buyer & {
    /** B2B: the place of supply is the GSTIN's state. */
    readonly gstin?: string;
    /** B2C in India: the two-digit GST state code of the buyer's address. */
    readonly stateCode?: string;
  };
}

/**
 * Place of supply (IGST Act s.10/s.12, simplified to the billing cases): a registered buyer's
 * GSTIN state, else the buyer's address state; same state as the seller → CGST + SGST, each half
 * the rate (each line rounds each component on its own); another state → IGST at the full rate;
 * a buyer outside India → export, zero-rated (supplied under LUT, no IGST charged).
 */
export function decideGst(sale: GstSale): TaxDecision {
  const sellerProblem = gstinProblem(sale.sellerGstin);
  if (sellerProblem) throw new DomainValidationError('seller.gstin', sellerProblem);
  if (sale.buyer.exempt) return { treatment: 'exempt', components: [], note: 'Exempt supply: no GST charged' };
  if (sale.buyer.country !== 'IN') {
    return { treatment: 'zero_rated_export', components: [], note: 'Export of services under LUT without payment of IGST (zero-rated supply)' };
  }
  let placeOfSupply: string;
  if (sale.buyer.gstin) {
    const buyerProblem = gstinProblem(sale.buyer.gstin);
    if (buyerProblem) throw new DomainValidationError('buyer.gstin', buyerProblem);
    placeOfSupply = gstinStateCode(sale.buyer.gstin);
  } else if (sale.buyer.stateCode && /^\d{2}$/.test(sale.buyer.stateCode)) {
    placeOfSupply = sale.buyer.stateCode;
  } else {
    throw new DomainValidationError('buyer.stateCode', 'is needed for a buyer in India without a GSTIN (the place of supply)');
  }
  const { numerator, denominator } = sale.rate;
  if (placeOfSupply === gstinStateCode(sale.sellerGstin)) {
    const half: TaxRate = { numerator, denominator: denominator * 2n };
    return { treatment: 'taxable', components: [{ code: 'CGST', rate: half }, { code: 'SGST', rate: half }] };
  }
  return { treatment: 'taxable', components: [{ code: 'IGST', rate: sale.rate }] };
}

// --- VAT ---------------------------------------------------------------------------------

export interface VatRegime {
  readonly country: string;
  /** Every levy a taxable line carries, e.g. [VAT 16 %]; a country that stacks levies lists each. */
  readonly components: readonly TaxRule[];
}

/** Standard rates in force: Kenya 16 % (VAT Act 2013), Nigeria 7.5 % (Finance Act 2019), South Africa 15 %. */
export const STANDARD_VAT: Readonly<Record<'KE' | 'NG' | 'ZA', VatRegime>> = {
  KE: { country: 'KE', components: [{ code: 'VAT', rate: { numerator: 16n, denominator: 100n } }] },
  NG: { country: 'NG', components: [{ code: 'VAT', rate: { numerator: 75n, denominator: 1000n } }] },
  ZA: { country: 'ZA', components: [{ code: 'VAT', rate: { numerator: 15n, denominator: 100n } }] },
};

export interface VatSale {
  readonly regime: VatRegime;
  readonly buyer: Buyer & {
    /** A business buyer's VAT/tax registration; abroad, it moves the tax to the buyer (reverse charge). */
    readonly taxId?: string;
  };
}

/**
 * Domestic sales carry the regime's components. Abroad: a registered business buyer accounts for
 * the tax itself (reverse charge, nothing charged, the invoice says so); a consumer abroad buys an
 * exported service (zero-rated). Exempt buyers are charged nothing.
 */
export function decideVat(sale: VatSale): TaxDecision {
  if (sale.buyer.exempt) return { treatment: 'exempt', components: [], note: 'Exempt supply: no VAT charged' };
  if (sale.buyer.country === sale.regime.country) return { treatment: 'taxable', components: sale.regime.components };
  if (sale.buyer.taxId) return { treatment: 'reverse_charge', components: [], note: 'Reverse charge: the customer accounts for the VAT' };
  return { treatment: 'zero_rated_export', components: [], note: 'Export of services: zero-rated' };
}
