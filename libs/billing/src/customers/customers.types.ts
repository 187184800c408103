// A customer as the customers context's use cases return it (camelCase).
import type { CustomerTaxStatus } from '@nova/domain';

export interface CustomerRecord {
  id: string;
  /** The tenant's own id for the customer, unique. */
  externalId: string | null;
  name: string;
  email: string;
  phone: string | null;
  /** Preferred currency for new subscriptions and invoices. */
  currency: string | null;
  address: Record<string, unknown> | null;
  taxId: string | null;
  metadata: Record<string, unknown>;
  /** Days from issue to due for this customer's invoices; null: the tenant's default. */
  paymentTermsDays: number | null;
  /** taxable, exempt (charged no tax) or reverse_charge (the customer accounts for the tax). */
  taxStatus: CustomerTaxStatus;
  /** Test mode: the test clock the customer lives by; null on the wall clock. */
  testClockId: string | null;
  createdAt: Date;
  updatedAt: Date;
}
