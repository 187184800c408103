// The tax context's records as its use cases return them (camelCase, one row each).
import type { TaxBehavior, TaxId } from '@nova/domain';

/** The tenant as a seller (the single tax_profile row). */
export interface TaxProfileRecord {
  legalName: string;
  address: Record<string, unknown>;
  /** ISO 3166-1 alpha-2 of the place of business. */
  country: string;
  /** Typed registrations, normalised; at most one GSTIN, whose state is where supplies are made from. */
  taxIds: TaxId[];
  defaultTaxBehavior: TaxBehavior;
  defaultTaxRateId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TaxRateComponent {
  /** VAT, NHIL … (GST rates have none: CGST/SGST/IGST are decided per sale). */
  code: string;
  /** Exact decimal per cent, e.g. "2.5". */
  percentage: string;
}

export interface TaxRateRecord {
  id: string;
  name: string;
  country: string;
  /** A GST state code for an Indian state's rate, or another region's name; null for the whole country. */
  state: string | null;
  /** The whole rate, exact decimal per cent ("18", "7.5"). */
  percentage: string;
  components: TaxRateComponent[];
  /** null: the tax profile's default. */
  taxBehavior: TaxBehavior | null;
  description: string | null;
  /** False once archived: kept for the invoices and prices that use it, offered for nothing new. */
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}
