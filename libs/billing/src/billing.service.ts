import { Injectable } from '@nestjs/common';
import { BillingConfig } from '@nova/config';
import { CentralDb } from '@nova/central-db';
import { TenantContext, TenantDb } from '@nova/tenancy';
import { BillingCycleResult, runBillingCycle } from './billing-cycle';
import { TenantBillingSettings } from './tenant-billing-settings';

/** The billing use cases for the current tenant, shared by the API (manual runs) and the worker. */
@Injectable()
export class BillingService {
  constructor(
    private readonly central: CentralDb,
    private readonly tenantDb: TenantDb,
    private readonly context: TenantContext,
    private readonly config: BillingConfig,
  ) {}

  async settings(): Promise<TenantBillingSettings> {
    return this.central.prisma.tenant.findUniqueOrThrow({ where: { id: this.context.tenantId }, select: { invoicePrefix: true, paymentTermsDays: true } });
  }

  async runCycle(asOf = new Date()): Promise<BillingCycleResult> {
    const [{ pool }, settings] = await Promise.all([this.tenantDb.connection(), this.settings()]);
    return runBillingCycle(pool, settings, asOf, this.config.batchSize);
  }
}
