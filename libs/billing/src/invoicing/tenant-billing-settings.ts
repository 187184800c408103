/** The registry-level settings of a tenant that invoicing needs (they live in the central DB). */
export interface TenantBillingSettings {
  invoicePrefix: string;
  paymentTermsDays: number;
}
