// The worker's side of webhook intake: a stored event moves received → processing →
// processed (or failed, to be retried). The effects and the `processed` mark commit in one
// transaction under the event's row lock, so a redelivered job, a stalled job picked up again
// after a crash, or two workers racing apply an event exactly once. A payment the provider must
// confirm (payment-confirmation.ts) is confirmed first, outside the transaction; what settles is
// the provider's answer.

import type { Pool } from 'pg';
import { inTransaction } from '@nova/common';
import { DEFAULT_JOB_OPTIONS } from '@nova/queue';
import type { ConfirmEvent } from '../payment-confirmation';
import { SettlementRejectedError, applySettlementEvent, type SettlementOutcome, type StoredWebhookEvent } from '../settlement';
import {
  claimWebhookEvent,
  failedWebhooksDueRetry,
  lockWebhookEvent,
  markWebhookEventProcessed,
  markWebhookEventUnprocessed,
  readWebhookEvent,
  staleReceivedWebhookIds,
  webhookEventExists,
} from '../webhook-events.repository';

export type WebhookProcessing = { readonly status: 'processed'; readonly outcome: SettlementOutcome } | { readonly status: 'already_processed' | 'not_found' };

export async function processWebhookEvent(pool: Pool, eventId: string, confirm?: ConfirmEvent): Promise<WebhookProcessing> {
  // Visible progress first (its own statement): operators see what is being worked on.
  if (!(await claimWebhookEvent(pool, eventId))) return { status: (await webhookEventExists(pool, eventId)) ? 'already_processed' : 'not_found' };
  try {
    const confirmed = confirm ? await confirmStored(pool, eventId, confirm) : undefined;
    return await inTransaction(pool, async (client) => {
      const event = await lockWebhookEvent(client, eventId);
      if (!event) return { status: 'not_found' as const };
      if (event.status === 'processed') return { status: 'already_processed' as const };
      const outcome = await applySettlementEvent(client, confirmed ? { ...event, amount: confirmed.amount, currency: confirmed.currency } : event);
      await markWebhookEventProcessed(client, eventId, outcome.note ?? null);
      return { status: 'processed' as const, outcome };
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Rejected events are kept for inspection and never retried; failed ones are retried.
    const status = error instanceof SettlementRejectedError ? 'rejected' : 'failed';
    await markWebhookEventUnprocessed(pool, eventId, status, message);
    throw error;
  }
}

/** The stored event as its provider confirms it (no lock held while the provider is asked). */
async function confirmStored(pool: Pool, eventId: string, confirm: ConfirmEvent): Promise<StoredWebhookEvent | undefined> {
  const event = await readWebhookEvent(pool, eventId);
  return event ? confirm(event) : undefined;
}

/** The queue's own attempts of one job; the sweep takes over after them. */
export const WEBHOOK_JOB_ATTEMPTS: number = DEFAULT_JOB_OPTIONS.attempts;
/** After this many attempts in all, a failed event is left to an operator (about a day of retries). */
export const WEBHOOK_MAX_ATTEMPTS = 40;

/**
 * Failed events whose job gave up (its attempts spent: a provider that could not confirm for a
 * while, a payment not known yet) and that are due another try: the n-th sweep retry waits
 * n² minutes after the event arrived (1, 4, 9 … minutes), until WEBHOOK_MAX_ATTEMPTS. Rejected
 * events are never retried. Returns ids with their attempts so far (for a fresh job id each try).
 */
export function retryableFailedWebhooks(pool: Pool, limit = 1_000): Promise<{ id: string; attempts: number }[]> {
  return failedWebhooksDueRetry(pool, WEBHOOK_JOB_ATTEMPTS, WEBHOOK_MAX_ATTEMPTS, limit);
}

/**
 * Stored events still `received` after `olderThanSeconds`: their job was never queued (Redis
 * was down when they arrived). Oldest first, at most `limit` per sweep.
 */
export function staleReceivedWebhooks(pool: Pool, olderThanSeconds: number, limit = 1_000): Promise<string[]> {
  return staleReceivedWebhookIds(pool, olderThanSeconds, limit);
}
