// The dashboard figures. Amounts are minor units and stay per currency: adding KES to NGN would mean nothing.
import type { TaxReportGrouping } from '@nova/domain';

/** [from, to): from inclusive, to exclusive. */
export interface ReportPeriod {
  from: Date;
  to: Date;
}

/** A period as asked for: each end optional (see reportPeriod for the defaults). */
export interface ReportPeriodQuery {
  from?: Date;
  to?: Date;
  /** The tenant's IANA zone: months are its local months (default UTC). */
  timeZone?: string;
}

export interface MonthlyRevenue {
  /** YYYY-MM, the tenant's local month. */
  month: string;
  currency: string;
  /** Invoices issued (finalized) that month, drafts and void excluded. */
  invoiced: number;
  /** Payments received that month. */
  collected: number;
  /** Refunds settled that month. */
  refunded: number;
}

export interface CurrencyAmount {
  currency: string;
  amount: number;
}

export interface RevenueReport {
  months: MonthlyRevenue[];
  /** Monthly recurring revenue of live subscriptions now. */
  mrr: CurrencyAmount[];
  /** Amount due on open invoices now. */
  outstanding: CurrencyAmount[];
}

export interface SubscriptionReport {
  /** Subscriptions per status now. */
  byStatus: Record<string, number>;
  /** Started in the period. */
  started: number;
  /** Ended in the period. */
  ended: number;
  /** Ended in the period ÷ live at its start; null when none were live. */
  churnRate: number | null;
}

export interface MonthlyCount {
  month: string;
  count: number;
}

export interface CustomerReport {
  total: number;
  /** Customers with a live (trialing, active or past-due) subscription. */
  withLiveSubscription: number;
  /** New customers per month in the period. */
  newPerMonth: MonthlyCount[];
}

/** Open invoices' amount due by days past due, in one currency. */
export interface AgingBucket {
  currency: string;
  /** Not yet due. */
  current: number;
  days1To30: number;
  days31To60: number;
  days61To90: number;
  over90: number;
  /** Open invoices in this currency. */
  invoices: number;
}

/** Outward supplies of one month (null: the whole range), currency and tax treatment (taxable, zero_rated_export, exempt, reverse_charge, untaxed). */
export interface TaxSupplyTotal {
  /** YYYY-MM, the tenant's local month; null when the report is for the whole range. */
  month: string | null;
  currency: string;
  treatment: string;
  invoices: number;
  /** Taxable value, minor units (tax-inclusive prices backed out). */
  taxable: bigint;
  tax: bigint;
}

/** Tax of one month, currency, component and rate, with the taxable value it was charged on. */
export interface TaxComponentTotal {
  month: string | null;
  currency: string;
  code: string;
  percentage: string;
  invoices: number;
  taxable: bigint;
  tax: bigint;
}

/** Credit notes issued in one month, currency and treatment (their invoices'). */
export interface TaxCreditNoteTotal {
  month: string | null;
  currency: string;
  treatment: string;
  creditNotes: number;
  /** Credited, tax included, minor units. */
  amount: bigint;
  /** amount less tax: the taxable value taken back. */
  taxable: bigint;
  tax: bigint;
}

/** The tax credit notes of one month took back at one component and rate, with the taxable value credited at it. */
export interface TaxCreditNoteComponentTotal {
  month: string | null;
  currency: string;
  code: string;
  percentage: string;
  creditNotes: number;
  taxable: bigint;
  tax: bigint;
}

/** Supplies less credit notes, per month, currency and treatment: the return's net outward supplies. */
export interface TaxNetSupplyTotal {
  month: string | null;
  currency: string;
  treatment: string;
  taxable: bigint;
  tax: bigint;
}

/** Tax charged less tax credited, per month, currency, component and rate: the output tax a return declares. */
export interface TaxNetComponentTotal {
  month: string | null;
  currency: string;
  code: string;
  percentage: string;
  taxable: bigint;
  tax: bigint;
}

/** The tax summary of a period: what a GST (GSTR-1/3B) or VAT return is filled from. */
export interface TaxReport {
  from: Date;
  to: Date;
  /** The currency asked for; null: every currency, each on its own rows. */
  currency: string | null;
  groupBy: TaxReportGrouping;
  /** The IANA zone the months are the tenant's local months in. */
  timeZone: string;
  supplies: TaxSupplyTotal[];
  components: TaxComponentTotal[];
  /** Credit notes on their own rows (GSTR-1 9B) ... */
  creditNotes: TaxCreditNoteTotal[];
  /** ... and the tax they took back, per component and rate. */
  creditNoteComponents: TaxCreditNoteComponentTotal[];
  /** ... and netted off the month they were issued in (GSTR-3B 3.1, VAT3). */
  netSupplies: TaxNetSupplyTotal[];
  netComponents: TaxNetComponentTotal[];
}
