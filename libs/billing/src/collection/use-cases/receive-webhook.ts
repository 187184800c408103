// Webhook intake: verifies a provider webhook on its raw bytes, stores it (unique per provider
// and event id) and hands it to the worker. Nothing is stored unless the provider's own scheme
// verifies it. Measured (bench/webhook-intake.bench.ts): one account lookup (cached), one INSERT.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { isUuid } from '@nova/common';
import { type HeaderBag, type PaymentWebhookEvent, WebhookSignatureError, isProviderName } from '@nova/payments';
import { ProcessWebhookJob, QUEUES, processWebhookJob } from '@nova/queue';
import { DomainError, ErrorCode, type TenantMode } from '@nova/domain';
import { AuditTrail, TenantContext, TenantDb, TenantDirectory, decideTenantJob, tenantRefIn } from '@nova/tenancy';
import { ProviderAccounts } from '../provider-accounts';
import { callProvider } from '../provider-errors';
import { SavedMethodSealer } from '../saved-methods';
import { findWebhookEventByProviderId, insertWebhookEvent } from '../webhook-events.repository';

export interface WebhookDelivery {
  /** From the URL: `/webhooks/test/…` reaches the tenant's test database, `/webhooks/…` its live one. */
  mode: TenantMode;
  provider: string;
  tenantId: string;
  accountId: string;
  pathSecret?: string;
  rawBody: Buffer | undefined;
  headers: HeaderBag;
  query: Record<string, string | undefined>;
}

export type IntakeResult = { received: true; duplicate: boolean; ignored?: true };


@Injectable()
export class ReceiveWebhook {
  private readonly logger = new Logger(ReceiveWebhook.name);

  constructor(
    private readonly directory: TenantDirectory,
    private readonly context: TenantContext,
    private readonly db: TenantDb,
    private readonly audit: AuditTrail,
    private readonly accounts: ProviderAccounts,
    private readonly sealer: SavedMethodSealer,
    @InjectQueue(QUEUES.payments) private readonly queue: Queue<ProcessWebhookJob>,
  ) {}

  async execute(delivery: WebhookDelivery): Promise<IntakeResult> {
    const notFound = DomainError.notFound('Webhook endpoint');
    if (!isProviderName(delivery.provider) || !isUuid(delivery.tenantId) || !isUuid(delivery.accountId)) throw notFound;
    const tenant = await this.directory.find(delivery.tenantId);
    // Settlement follows the worker's rule (decideTenantJob): a suspended tenant's webhooks are still
    // stored and settled, since the customer already paid; only unknown or provisioning tenants are refused.
    if (!tenant || decideTenantJob(tenant.status, 'settlement').action !== 'run') throw notFound;
    // A tenant whose test database does not exist yet has no test accounts: the endpoint is unknown.
    if (delivery.mode === 'test' && !tenant.testDbName) throw notFound;
    this.context.enter(tenantRefIn(tenant, delivery.mode));
    // The stored event is the provider's doing (the audit log names the account it posted to).
    this.audit.actAs({ type: 'provider', id: delivery.accountId, label: `webhook:${delivery.provider}` }, { requestId: this.context.correlationId });

    const resolved = await this.accounts.find(delivery.accountId);
    if (!resolved || resolved.account.provider !== delivery.provider) throw notFound;
    if (!delivery.rawBody || delivery.rawBody.length === 0) throw DomainError.validation('body', 'is empty; a webhook carries a JSON body');

    const event = await this.verify(() =>
      resolved.adapter.parseWebhook({ rawBody: delivery.rawBody!, headers: delivery.headers, query: delivery.query, pathSecret: delivery.pathSecret }),
    );
    // Authentic, but nothing billing acts on: acknowledge so the provider stops retrying.
    if (event.type === 'ignored') return { received: true, duplicate: false, ignored: true };
    return this.store(delivery, event);
  }

  private async verify<T>(parse: () => Promise<T>): Promise<T> {
    try {
      return await callProvider(parse);
    } catch (error) {
      if (!(error instanceof WebhookSignatureError)) throw error;
      const unauthenticated = error.reason === 'missing' || error.reason === 'invalid';
      throw new DomainError(unauthenticated ? ErrorCode.Unauthenticated : ErrorCode.ValidationFailed, `Webhook rejected: ${error.reason}`, { reason: error.reason });
    }
  }

  private async store(delivery: WebhookDelivery, event: PaymentWebhookEvent): Promise<IntakeResult> {
    const { pool } = await this.db.connection();
    const reusable = event.type === 'payment.succeeded' ? event.reusableMethod : undefined;
    const storedId = await insertWebhookEvent(pool, {
      accountId: delivery.accountId,
      provider: event.provider,
      eventId: event.eventId,
      type: event.type,
      providerReference: event.providerReference,
      refundReference: event.refundReference ?? null,
      providerTransactionId: event.providerTransactionId ?? null,
      invoiceReference: event.invoiceReference ?? null,
      amount: event.amountMinor,
      currency: event.currency,
      occurredAt: event.occurredAt,
      rawBody: delivery.rawBody!.toString('utf8'),
      // Sealed here, where the cipher is: the token is never stored in the clear, not even in passing.
      savedMethod: reusable ? this.sealer.seal(delivery.accountId, reusable) : null,
    });
    if (storedId) {
      await this.enqueue(storedId);
      return { received: true, duplicate: false };
    }
    // A redelivery: if the first copy was never processed (enqueueing failed, or it failed), nudge it again.
    const existing = await findWebhookEventByProviderId(pool, event.provider, event.eventId);
    if (existing && existing.status !== 'processed') await this.enqueue(existing.id);
    return { received: true, duplicate: true };
  }

  private async enqueue(webhookEventId: string): Promise<void> {
    const tenant = this.context.jobTenant;
    const tenantId = tenant.tenantId;
    try {
      const job = processWebhookJob(tenant, webhookEventId, this.context.correlationId ?? randomUUID());
      await this.queue.add(job.name, job.data, job.opts);
    } catch (error) {
      // Stored is what counts: the provider's redelivery or the worker's sweep enqueues it again.
      this.logger.error({ tenantId, webhookEventId, err: error }, 'Stored webhook could not be enqueued');
    }
  }
}
