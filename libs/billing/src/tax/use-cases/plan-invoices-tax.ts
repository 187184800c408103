// The tax of a batch of invoices about to be issued, decided once per invoice by the domain
// (planInvoiceTax: place of supply, CGST + SGST or IGST, VAT, exports, exempt and reverse-charge
// customers) from the seller's profile, the buyer's tax details and each line's rate. Set-based
// like the issuance that calls it: a constant number of statements whatever the batch size (one
// when the tenant has no tax profile, and then no tax at all).
import { DomainError, formatPostalAddress, gstStateCodeOf, planInvoiceTax, type TaxBuyer, type TaxId, type TaxBehavior, type TaxRule, type TaxTreatment, toLineRate } from '@nova/domain';
import type { Queryable } from '@nova/common';
import { selectPriceTaxSettings } from '../../catalog';
import { type CustomerTaxDetails, selectCustomerTaxDetails } from '../../customers';
import { selectTaxProfile, selectTaxRates } from '../tax.repository';

export interface TaxableLine {
  /** A subscription's price: its (or its product's) tax rate and code apply. */
  priceId?: string;
  /** A rate named for this line (hand-written invoices); wins over the price's. */
  taxRateId?: string;
}

export interface TaxableInvoice {
  customerId: string;
  lines: readonly TaxableLine[];
}

export interface LineTaxing {
  taxRateId: string | null;
  taxCode: string | null;
  /** The components the line is taxed with (none: untaxed, exported, exempt or reverse-charged). */
  components: readonly TaxRule[];
  behavior: TaxBehavior;
}

/** A party of the sale as the invoice records it at issuance. */
export interface TaxParty {
  name: string;
  address: string | null;
  country: string | null;
  taxIds: TaxId[];
}

export interface TaxSnapshot {
  seller: TaxParty;
  buyer: TaxParty;
}

export interface InvoiceTaxing {
  treatment: TaxTreatment | null;
  note: string | null;
  placeOfSupply: string | null;
  lines: LineTaxing[];
  snapshot: TaxSnapshot;
}

/**
 * How each invoice of the batch is taxed, in the order given; null when the tenant has no tax
 * profile (nothing is taxed, as before tax existed; a line naming a rate is then a 400). A line's rate is its own, else its price's,
 * else its product's, else the profile's default; an unknown rate named by a line is a 400 on
 * `lines.<n>.taxRateId`. Archived rates still tax the prices that kept them (as Stripe's do).
 */
export async function planInvoicesTax(db: Queryable, invoices: readonly TaxableInvoice[]): Promise<InvoiceTaxing[] | null> {
  if (invoices.length === 0) return null;
  const profile = await selectTaxProfile(db);
  if (!profile) {
    // A rate named on a line would otherwise be dropped without a word.
    for (const invoice of invoices) {
      const index = invoice.lines.findIndex((line) => line.taxRateId);
      if (index !== -1) throw DomainError.validation(`lines.${index}.taxRateId`, 'needs a tax profile first (PUT /api/tax/profile)');
    }
    return null;
  }
  const priceIds = [...new Set(invoices.flatMap((invoice) => invoice.lines.flatMap((line) => (line.priceId ? [line.priceId] : []))))];
  const [priceSettings, customers] = await Promise.all([
    selectPriceTaxSettings(db, priceIds),
    selectCustomerTaxDetails(db, [...new Set(invoices.map((invoice) => invoice.customerId))]),
  ]);
  const rateIdOf = (line: TaxableLine) => line.taxRateId ?? (line.priceId ? priceSettings.get(line.priceId)?.taxRateId : undefined) ?? profile.defaultTaxRateId;
  const rateIds = [...new Set(invoices.flatMap((invoice) => invoice.lines.map(rateIdOf)).filter((id): id is string => !!id))];
  const rates = await selectTaxRates(db, rateIds);

  const seller = { country: profile.country, gstin: profile.taxIds.find((id) => id.type === 'in_gstin')?.value ?? null };
  const sellerParty: TaxParty = { name: profile.legalName, address: formatPostalAddress(profile.address), country: profile.country, taxIds: profile.taxIds };
  return invoices.map((invoice) => {
    const customer = customers.get(invoice.customerId);
    if (!customer) throw DomainError.validation('customerId', `customer ${invoice.customerId} does not exist`);
    const lineRates = invoice.lines.map((line, index) => {
      const rateId = rateIdOf(line);
      const rate = rateId ? rates.get(rateId) : undefined;
      if (rateId && !rate) throw DomainError.validation(`lines.${index}.taxRateId`, 'names no tax rate of this tenant');
      return rate ? toLineRate(rate, profile.defaultTaxBehavior) : null;
    });
    const plan = planInvoiceTax(seller, taxBuyer(customer), lineRates);
    return {
      treatment: plan.treatment,
      note: plan.note,
      placeOfSupply: plan.placeOfSupply,
      lines: plan.lines.map((line, index) => ({
        taxRateId: line.rateId,
        taxCode: invoice.lines[index]!.priceId ? (priceSettings.get(invoice.lines[index]!.priceId!)?.taxCode ?? null) : null,
        components: line.components,
        behavior: line.behavior,
      })),
      snapshot: { seller: sellerParty, buyer: buyerParty(customer) },
    };
  });
}

/** The buyer as the domain decides on it: the address's country and state, its GSTIN or other tax id, its status. */
function taxBuyer(customer: CustomerTaxDetails): TaxBuyer {
  const { country, state } = addressParts(customer.address);
  return {
    country,
    stateCode: gstStateCodeOf(state),
    gstin: customer.taxIds.find((id) => id.type === 'in_gstin')?.value ?? null,
    taxId: customer.taxIds.find((id) => id.type !== 'in_gstin')?.value ?? null,
    status: customer.taxStatus,
  };
}

function buyerParty(customer: CustomerTaxDetails): TaxParty {
  return { name: customer.name, address: formatPostalAddress(customer.address), country: addressParts(customer.address).country, taxIds: customer.taxIds };
}

/** A customer address's country (ISO alpha-2, any case) and state or region, when it has them. */
function addressParts(address: Record<string, unknown> | null): { country: string | null; state: string | null } {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
  const country = text(address?.country)?.toUpperCase() ?? null;
  return { country: country && /^[A-Z]{2}$/.test(country) ? country : null, state: text(address?.state) ?? text(address?.region) ?? text(address?.province) };
}

