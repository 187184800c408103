// Test clocks (Stripe's, test mode): the advance and the deletion, which act on a clock's
// customers across contexts, so they belong to the orchestrator. The advance runs the same billing
// cycle, dunning and reminders as the wall-time run, scoped to the clock's customers and as of the
// clock's time, one step per boundary crossed (nextTestClockStep), in order.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { PoolClient } from 'pg';
import { CentralDb } from '@nova/central-db';
import { inTransaction } from '@nova/common';
import { BillingConfig, PaymentsConfig } from '@nova/config';
import { DomainError, ErrorCode, nextTestClockStep } from '@nova/domain';
import { AdvanceTestClockJob, JOBS, QUEUES, jobId, tenantJobKey } from '@nova/queue';
import type { TenantDatabase } from '@nova/tenant-db';
import { deleteTelecomAccountsOfCustomers } from '@nova/telecom';
import { TenantContext, TenantDb, findTenantBillingSettings } from '@nova/tenancy';
import {
  PaymentReminders,
  RunDunningAttempt,
  deleteDunningOfInvoices,
  deletePaymentMethodsOfCustomers,
  deletePaymentsOfCustomers,
  deleteRemindersOfInvoices,
  dunningAttemptsDue,
  nextCollectionEvent,
} from '../collection';
import { deleteDiscountsOfCustomers } from '../catalog';
import { type ClockScope, type TestClockRecord, deleteBalancesOfCustomers, deleteTestClockCustomersWithin, getTestClock, lockTestClockForDeletion, moveTestClock, requestTestClockAdvance } from '../customers';
import { TenantBillingSettings, deleteCreditNotesOfCustomers, deleteInvoices, deletePendingItemsOfCustomers, finalizeDueDrafts, nextDraftFinalizationAt, selectInvoiceIdsOfCustomers } from '../invoicing';
import { deleteSubscriptions, nextSubscriptionEvent, selectSubscriptionIdsOfCustomers } from '../subscriptions';
import { runBillingCycle } from './billing-cycle';

/** A runaway guard: more steps than two years of daily boundaries means something never moves on. */
const MAX_STEPS = 2_000;

export interface TestClockAdvanceResult {
  steps: number;
  invoicesIssued: number;
  chargesAttempted: number;
  remindersQueued: number;
  /** Why the advance failed (the clock is internal_failure), if it did. */
  failure?: string;
}

/** The API's side: asks for the advance (status advancing) and queues the job that does it. */
@Injectable()
export class TestClockAdvances {
  constructor(
    @InjectQueue(QUEUES.billing) private readonly queue: Queue<AdvanceTestClockJob>,
    private readonly tenantDb: TenantDb,
    private readonly context: TenantContext,
  ) {}

  async request(command: { testClockId: string; frozenTime: Date }, correlationId: string): Promise<TestClockRecord> {
    const db = await this.tenantDb.connection();
    const clock = await requestTestClockAdvance(db, command);
    const tenant = this.context.jobTenant;
    const frozenTime = command.frozenTime.toISOString();
    try {
      await this.queue.add(JOBS.advanceTestClock, { ...tenant, correlationId, testClockId: clock.id, frozenTime }, { jobId: jobId('test-clock', tenantJobKey(tenant), clock.id, command.frozenTime.getTime()) });
    } catch (error) {
      // Without its job the clock would stay advancing for ever: it fails now, and says why.
      await inTransaction(db.pool, (client) => moveTestClock(client, clock.id, { type: 'fail' }, `the advance could not be queued: ${(error as Error).message}`));
      throw error;
    }
    return clock;
  }
}

/** The worker's side: steps the clock to its target, billing its customers at every boundary on the way. */
@Injectable()
export class AdvanceTestClock {
  private readonly logger = new Logger(AdvanceTestClock.name);

  constructor(
    private readonly central: CentralDb,
    private readonly tenantDb: TenantDb,
    private readonly context: TenantContext,
    private readonly billingConfig: BillingConfig,
    private readonly paymentsConfig: PaymentsConfig,
    private readonly reminders: PaymentReminders,
    private readonly dunning: RunDunningAttempt,
  ) {}

  async execute(command: { testClockId: string; correlationId: string }): Promise<TestClockAdvanceResult> {
    const db = await this.tenantDb.connection();
    const settings = await findTenantBillingSettings(this.central, this.context.tenantId);
    const result = await advanceTestClockSteps(db, settings, command.testClockId, {
      batchSize: this.billingConfig.batchSize,
      retryDelaysSeconds: this.paymentsConfig.retryDelaysSeconds,
      collect: async (scope, at) => {
        let chargesAttempted = 0;
        for (const attempt of await dunningAttemptsDue(db, scope, at, this.paymentsConfig.retryDelaysSeconds)) {
          await this.dunning.execute(attempt);
          chargesAttempted += 1;
        }
        return { chargesAttempted, remindersQueued: await this.reminders.enqueue(at, command.correlationId, scope) };
      },
      onSkipped: (subscriptionId, reason) => this.logger.error(`tenant ${this.context.tenantId}: subscription ${subscriptionId} was not billed and needs attention: ${reason}`),
    });
    if (result.failure) this.logger.error({ tenantId: this.context.tenantId, testClockId: command.testClockId, correlationId: command.correlationId, error: result.failure }, 'Test clock advance failed');
    return result;
  }
}

export interface TestClockStepHooks {
  readonly batchSize: number;
  /** The installation's dunning schedule (the tenant's own, when set, wins): where collection's retries fall. */
  readonly retryDelaysSeconds: readonly number[];
  /** Collection as of `at` for the clock's customers (automatic charges and dunning retries due, reminders). */
  readonly collect: (scope: ClockScope, at: Date) => Promise<{ chargesAttempted: number; remindersQueued: number }>;
  readonly onSkipped?: (subscriptionId: string, reason: string) => void;
}

/**
 * Steps an advancing clock to its target: at each boundary crossed (nextTestClockStep), in order,
 * the billing cycle for the clock's customers as of that time (invoices issued at it), then
 * collection, then the clock records the step. Idempotent: a clock no longer advancing (done,
 * failed, deleted) is left alone, and a retried run resumes from the step the clock reached (each
 * step is billed before the clock records it, and billing a step twice issues nothing twice). A
 * failing step leaves the clock internal_failure, with the reason, and is returned, not thrown.
 */
export async function advanceTestClockSteps(db: TenantDatabase, settings: TenantBillingSettings, testClockId: string, hooks: TestClockStepHooks): Promise<TestClockAdvanceResult> {
  const scope: ClockScope = { testClockId };
  const result: TestClockAdvanceResult = { steps: 0, invoicesIssued: 0, chargesAttempted: 0, remindersQueued: 0 };
  try {
    for (;;) {
      const clock = await getTestClock(db, testClockId).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === ErrorCode.NotFound) return null;
        throw error;
      });
      if (!clock || clock.status !== 'advancing' || !clock.advancingTo) return result;
      if (clock.frozenTime.getTime() >= clock.advancingTo.getTime()) {
        await inTransaction(db.pool, (client) => moveTestClock(client, clock.id, { type: 'advanced' }));
        return result;
      }
      if (result.steps >= MAX_STEPS) throw new Error(`more than ${MAX_STEPS} billing boundaries in one advance`);
      const boundaries = await Promise.all([
        nextSubscriptionEvent(db.pool, scope, clock.frozenTime),
        nextDraftFinalizationAt(db.pool, scope, clock.frozenTime),
        nextCollectionEvent(db, scope, clock.frozenTime, hooks.retryDelaysSeconds),
      ]);
      const at = nextTestClockStep(clock.frozenTime, clock.advancingTo, boundaries);
      const billed = await runBillingCycle(db.pool, settings, at, hooks.batchSize, { scope, issuedAt: at });
      for (const { subscriptionId, reason } of billed.subscriptionsSkipped) hooks.onSkipped?.(subscriptionId, reason);
      result.invoicesIssued += billed.invoicesIssued;
      // Renewals issued as drafts (the tenant's draftFinalizeDelayMinutes) are finalized when the clock reaches their time.
      await finalizeDueDrafts(db.pool, settings, at, hooks.batchSize, { scope, finalizedAt: at });
      const collected = await hooks.collect(scope, at);
      result.chargesAttempted += collected.chargesAttempted;
      result.remindersQueued += collected.remindersQueued;
      await inTransaction(db.pool, (client) => moveTestClock(client, clock.id, { type: 'step', to: at }));
      result.steps += 1;
    }
  } catch (error) {
    const failure = error instanceof Error ? error.message : String(error);
    // When even that cannot be written (the database is down), the job's retry resumes from the last step.
    await inTransaction(db.pool, (client) => moveTestClock(client, testClockId, { type: 'fail' }, failure)).catch(() => {
      throw error;
    });
    return { ...result, failure };
  }
}

/**
 * Deletes a test clock with everything it made (Stripe's), in one transaction: its customers and
 * all that belongs to them in the test database, children before parents (foreign-key order), each
 * table through its owning context: telecom accounts (CDRs, numbers released, top-ups), balance movements, credit notes, payments (allocations,
 * refunds), saved methods, dunning and reminders, pending items, invoices (lines, taxes), discounts,
 * subscriptions (items), tax ids, the customers (customer.deleted), then the clock (404 after). The
 * audit log and the events keep their history (append-only). Test mode only: clocks exist only there.
 */
export async function deleteTestClock(db: TenantDatabase, id: string): Promise<void> {
  await inTransaction(db.pool, (client) => deleteTestClockWithin(client, id)).catch((error: unknown) => {
    // A row written for the customers meanwhile (an advance still billing a step) points at what is being deleted: nothing is, 409.
    if ((error as { code?: string }).code === '23503') throw DomainError.invalidState("The clock's customers got new billing records while it was being deleted (an advance still running?): try again");
    throw error;
  });
}

async function deleteTestClockWithin(client: PoolClient, id: string): Promise<void> {
  const { customerIds } = await lockTestClockForDeletion(client, id);
  const invoiceIds = await selectInvoiceIdsOfCustomers(client, customerIds);
  const subscriptionIds = await selectSubscriptionIdsOfCustomers(client, customerIds);
  await deleteTelecomAccountsOfCustomers(client, customerIds);
  await deleteBalancesOfCustomers(client, customerIds);
  await deleteCreditNotesOfCustomers(client, customerIds);
  await deletePaymentsOfCustomers(client, customerIds, invoiceIds);
  await deletePaymentMethodsOfCustomers(client, customerIds);
  await deleteDunningOfInvoices(client, invoiceIds);
  await deleteRemindersOfInvoices(client, invoiceIds);
  await deletePendingItemsOfCustomers(client, customerIds);
  await deleteInvoices(client, invoiceIds);
  await deleteDiscountsOfCustomers(client, customerIds, subscriptionIds);
  await deleteSubscriptions(client, subscriptionIds);
  await deleteTestClockCustomersWithin(client, id, customerIds);
}

