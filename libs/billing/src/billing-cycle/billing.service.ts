import { Injectable, Logger, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BillingConfig } from '@nova/config';
import { CentralDb } from '@nova/central-db';
import { BillingMetrics } from '@nova/metrics';
import { TenantContext, TenantDb, findTenantBillingSettings } from '@nova/tenancy';
import { BillingCycleResult, runBillingCycle } from './billing-cycle';
import { AutomaticCharges, PaymentReminders } from '../collection';
import { TenantBillingSettings, finalizeDueDrafts, noticeOverdueInvoices } from '../invoicing';
import { tenantCountedUsage } from '../platform-usage';

export interface BillingRunResult extends BillingCycleResult {
  /** Automatic charges queued for open invoices of customers with a saved method. */
  chargesQueued: number;
  /** Payment reminders queued for open invoices that no saved method will collect. */
  remindersQueued: number;
  /** Open invoices found past their due date unpaid for the first time (invoice.overdue recorded for each). */
  invoicesOverdue: number;
}

/** The billing use cases for the current tenant, shared by the API (manual runs) and the worker. */
@Injectable()
export class BillingService {
  private readonly logger = new Logger(BillingService.name);

  constructor(
    private readonly central: CentralDb,
    private readonly tenantDb: TenantDb,
    private readonly context: TenantContext,
    private readonly config: BillingConfig,
    private readonly charges: AutomaticCharges,
    private readonly reminders: PaymentReminders,
    @Optional() private readonly metrics?: BillingMetrics,
  ) {}

  async settings(): Promise<TenantBillingSettings> {
    return findTenantBillingSettings(this.central, this.context.tenantId);
  }

  async runCycle(asOf = new Date()): Promise<BillingCycleResult> {
    const [{ pool }, settings] = await Promise.all([this.tenantDb.connection(), this.settings()]);
    const result = await runBillingCycle(pool, settings, asOf, this.config.batchSize);
    for (const { subscriptionId, reason } of result.subscriptionsSkipped) {
      this.logger.error(`tenant ${this.context.tenantId}: subscription ${subscriptionId} was not billed and needs attention: ${reason}`);
    }
    await this.reportPastMonthlyInvoiceLimit(settings, result.invoicesIssued);
    return result;
  }

  /**
   * The cycle bills renewals past the plan's invoicesPerMonth (issueInvoices: count_only): the
   * tenant has outgrown its plan, which its operator should hear of (one primary-key read, only
   * when this run issued something under a limit).
   */
  private async reportPastMonthlyInvoiceLimit(settings: TenantBillingSettings, issued: number): Promise<void> {
    const max = settings.invoicesPerMonth;
    if (max === null || issued === 0) return;
    // The cycle issues its invoices now (whatever asOf), so they count in this month (of the tenant's zone).
    const { invoicesPerMonth: used } = await tenantCountedUsage(await this.tenantDb.connection(), settings.timeZone ?? null);
    if (used > max) this.logger.warn(`tenant ${this.context.tenantId}: ${used} invoices issued this month, past its plan's invoicesPerMonth of ${max}; renewals are still billed, one-off invoices and new subscriptions are refused`);
  }

  /**
   * The worker's automatic finalization (its own scheduler, every DRAFT_FINALIZE_EVERY_SECONDS):
   * the billing cycle's drafts whose autoFinalizeAt has come are finalized (finalizeDueDrafts:
   * idempotent, SKIP LOCKED), then their automatic charges are queued as after a billing run.
   */
  async finalizeDueDraftsAndCollect(asOf = new Date(), correlationId = this.context.correlationId ?? randomUUID()): Promise<{ draftsFinalized: number; chargesQueued: number }> {
    const [{ pool }, settings] = await Promise.all([this.tenantDb.connection(), this.settings()]);
    const draftsFinalized = await finalizeDueDrafts(pool, settings, asOf, this.config.batchSize);
    const chargesQueued = draftsFinalized > 0 ? await this.charges.enqueue(correlationId) : 0;
    return { draftsFinalized, chargesQueued };
  }

  /**
   * A billing run, scheduled or run-now: the set-based cycle, then (not inside it) one query
   * that queues automatic charges for what is left open, and the payment reminders due for
   * open invoices that no saved method will collect; then invoice.overdue for open invoices past their due date
   * unpaid, once each.
   */
  async runCycleAndCollect(asOf = new Date(), correlationId = this.context.correlationId ?? randomUUID()): Promise<BillingRunResult> {
    try {
      const billed = await this.runCycle(asOf);
      const chargesQueued = await this.charges.enqueue(correlationId);
      const remindersQueued = await this.reminders.enqueue(asOf, correlationId);
      const invoicesOverdue = await noticeOverdueInvoices((await this.tenantDb.connection()).pool, asOf, this.config.batchSize);
      this.metrics?.cycleCompleted(billed.invoicesIssued);
      return { ...billed, chargesQueued, remindersQueued, invoicesOverdue };
    } catch (error) {
      this.metrics?.cycleFailed();
      throw error;
    }
  }
}
