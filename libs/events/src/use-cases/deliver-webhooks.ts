import { Injectable, Optional } from '@nestjs/common';
import { inTransaction } from '@nova/common';
import { WebhooksConfig } from '@nova/config';
import { endpointFailedTooLong, nextDeliveryAttempt } from '@nova/domain';
import { WebhookDeliveryMetrics } from '@nova/metrics';
import { TenantDb } from '@nova/tenancy';
import { SIGNATURE_HEADER, signatureHeader } from '../signature';
import { postWebhook } from '../webhook-sender';
import { WebhookSecrets } from '../webhook-secrets';
import { disableEndpoint, markEndpointFailing, markEndpointHealthy } from '../webhook-endpoints.repository';
import { type ClaimedDelivery, claimDueDeliveries, failPendingDeliveries, recordAttempt } from '../webhook-deliveries.repository';

/** Attempts one worker makes at once for a tenant. */
const PARALLEL_ATTEMPTS = 8;

export interface DisabledEndpoint {
  readonly id: string;
  readonly url: string;
}

export interface DeliverWebhooksResult {
  readonly attempted: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Endpoints this run disabled after 3 days of failures: their owner is to be e-mailed. */
  readonly disabledEndpoints: DisabledEndpoint[];
}

export const ENDPOINT_DISABLED_REASON = 'every delivery failed for 3 days';

/**
 * Sends the tenant's due deliveries (at least once: a claim is a lease, see claimDueDeliveries),
 * each signed with the endpoint's secret and, during a rotation's overlap, its previous one. A
 * 2xx succeeds; anything else is retried with exponential backoff for 3 days from the first
 * attempt, then given up; an endpoint with nothing but failures for 3 days is disabled.
 */
@Injectable()
export class DeliverWebhooks {
  constructor(
    private readonly db: TenantDb,
    private readonly secrets: WebhookSecrets,
    private readonly config: WebhooksConfig,
    @Optional() private readonly metrics?: WebhookDeliveryMetrics,
  ) {}

  async execute(command: { limit?: number } = {}): Promise<DeliverWebhooksResult> {
    const { pool } = await this.db.connection();
    // The lease outlasts an attempt, so a live attempt is never claimed twice.
    const claimed = await claimDueDeliveries(pool, command.limit ?? 100, this.config.timeoutMs + 30_000);
    const result = { attempted: claimed.length, succeeded: 0, failed: 0, disabledEndpoints: [] as DisabledEndpoint[] };
    for (let start = 0; start < claimed.length; start += PARALLEL_ATTEMPTS) {
      await Promise.all(
        claimed.slice(start, start + PARALLEL_ATTEMPTS).map(async (delivery) => {
          const outcome = await this.attempt(delivery);
          if (outcome.succeeded) result.succeeded += 1;
          else result.failed += 1;
          if (outcome.disabled) result.disabledEndpoints.push({ id: delivery.endpointId, url: delivery.url });
        }),
      );
    }
    return result;
  }

  private signingSecrets(delivery: ClaimedDelivery, now: Date): string[] {
    const current = this.secrets.open(delivery.endpointId, delivery.sealedSecret);
    const overlapping = delivery.previousSealedSecret !== null && delivery.previousSecretExpiresAt !== null && delivery.previousSecretExpiresAt > now;
    return overlapping ? [current, this.secrets.open(delivery.endpointId, delivery.previousSealedSecret!)] : [current];
  }

  private async attempt(delivery: ClaimedDelivery): Promise<{ succeeded: boolean; disabled: boolean }> {
    const { pool } = await this.db.connection();
    const signedAt = new Date();
    const timestamp = Math.floor(signedAt.getTime() / 1000);
    const sent = await postWebhook(
      {
        url: delivery.url,
        body: delivery.body,
        headers: { 'content-type': 'application/json', 'user-agent': 'NovaBilling-Webhooks/1.0', [SIGNATURE_HEADER]: signatureHeader(this.signingSecrets(delivery, signedAt), timestamp, delivery.body) },
      },
      { timeoutMs: this.config.timeoutMs, allowPrivate: this.config.allowPrivateUrls },
    );
    const at = new Date();
    const attempt = delivery.attempts + 1;
    const common = { responseStatus: sent.status, durationMs: sent.durationMs, error: sent.error, at };
    if (sent.error === null) {
      await inTransaction(pool, async (client) => {
        await recordAttempt(client, delivery.id, attempt, { ...common, status: 'succeeded', nextAttemptAt: null }, delivery.leaseUntil);
        await markEndpointHealthy(client, delivery.endpointId);
      });
      this.metrics?.attempted('succeeded', sent.durationMs);
      return { succeeded: true, disabled: false };
    }
    const nextAttemptAt = nextDeliveryAttempt(delivery.createdAt, attempt, at, { baseDelayMs: this.config.retryBaseMs });
    const disabled = await inTransaction(pool, async (client) => {
      await recordAttempt(client, delivery.id, attempt, { ...common, status: nextAttemptAt ? 'pending' : 'failed', nextAttemptAt }, delivery.leaseUntil);
      const endpoint = await markEndpointFailing(client, delivery.endpointId, at);
      if (!endpoint?.enabled || !endpointFailedTooLong(endpoint.failingSince, at)) return false;
      if (!(await disableEndpoint(client, delivery.endpointId, ENDPOINT_DISABLED_REASON))) return false;
      await failPendingDeliveries(client, delivery.endpointId, 'endpoint disabled');
      return true;
    });
    this.metrics?.attempted(nextAttemptAt && !disabled ? 'retrying' : 'failed', sent.durationMs);
    return { succeeded: false, disabled };
  }
}
