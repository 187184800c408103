/** The registry-level settings of a tenant that invoicing needs (they live in the central DB). */
export interface TenantBillingSettings {
  invoicePrefix: string;
  paymentTermsDays: number;
  /** The tenant's IANA time zone: new subscriptions' periods start at its local midnight, line dates are local. */
  timeZone?: string;
  /** The `invoicesPerMonth` limit of the tenant's NovaBilling plan (null: unlimited); see issueInvoices. */
  invoicesPerMonth: number | null;
  /** Minutes the billing cycle's renewals wait as drafts before the worker finalizes them; 0 or absent: finalized at once. */
  draftFinalizeDelayMinutes?: number;
}
