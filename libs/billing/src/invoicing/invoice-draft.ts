// What issueInvoices takes: an invoice to issue and its lines (apart, so that helpers building lines need not import the issuer).
import type { LineCoupon, PauseBehavior } from '@nova/domain';

export interface InvoiceLineDraft {
  description: string;
  quantity: number;
  unitAmount: bigint;
  priceId?: string;
  /** A tax rate for this line (hand-written invoices); else the price's, its product's or the profile's default. */
  taxRateId?: string;
  periodStart?: Date;
  periodEnd?: Date;
  /** Telecom usage lines: what the amount is for. */
  usage?: { destination: string; calls: number; seconds: number; bundleSeconds: number };
  /** A coupon's discount line: its discount and the coupon's terms (a draft's is recomputed on its lines, followCouponDiscounts). */
  coupon?: LineCoupon;
}

export interface InvoiceDraft {
  /** Chosen by the caller when other rows must point at the invoice before it is inserted. */
  id?: string;
  customerId: string;
  subscriptionId?: string;
  currency: string;
  periodStart?: Date;
  periodEnd?: Date;
  lines: InvoiceLineDraft[];
  /** Printed on the invoice (hand-written invoices). */
  memo?: string;
  /**
   * The subscription's collection is paused (Stripe's pause_collection): the invoice is issued in the state this
   * behaviour gives (invoiceStateWhileCollectionPaused), takes no customer credit and leaves the subscription's
   * pending invoice items for the next collected invoice.
   */
  pausedCollection?: PauseBehavior;
  /**
   * Issued as a draft (Stripe's draft invoice): no number, no customer credit, not payable; it can be edited, deleted
   * and finalized (finalizeInvoices), by hand or, from autoFinalizeAt on, by the worker.
   */
  asDraft?: { autoFinalizeAt: Date | null };
}
