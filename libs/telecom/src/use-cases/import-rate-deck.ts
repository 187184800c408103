import { DomainError } from '@nova/domain';
import { inTransaction } from '@nova/common';
import type { RateDeckError } from '@nova/rating';
import type { TenantDatabase } from '@nova/tenant-db';
import { type DeckSource, prepareDeckInWorker } from '../deck-preparation';
import { findRatePlan, writePlanRows } from '../rate-plans.repository';

export interface ImportRateDeckCommand {
  planId: string;
  /** The CSV deck (see libs/rating), streamed as it arrives. */
  deck: DeckSource;
}

export interface DeckImportReport {
  destinations: number;
  prefixes: number;
  rates: number;
  rejectedCount: number;
  /** The first bad lines, by line number. */
  rejected: RateDeckError[];
  seconds: number;
}

/**
 * Replaces a plan's destinations and rates with a rate deck (CSV, see libs/rating). Bad lines are
 * reported and left out; what remains must compile, and is stored with set-based INSERTs in one
 * transaction that holds the plan row. Parsing and compiling run in a worker thread as the bytes
 * arrive (this thread stays free for other requests); a deck past RATE_DECK_MAX_LINES, or one that
 * is not UTF-8 text or holds a NUL character, is refused as a whole and nothing is stored.
 */
export async function importRateDeck(db: TenantDatabase, { planId, deck }: ImportRateDeckCommand): Promise<DeckImportReport> {
  const started = performance.now();
  const plan = await findRatePlan(db.pool, planId);
  if (!plan) throw DomainError.notFound('Rate plan', planId);
  const prepared = await prepareDeckInWorker(deck, { id: planId, currency: plan.currency, timezone: plan.timezone, rounding: plan.rounding, timings: plan.timings, bundles: plan.bundles });
  if (!prepared.ok) throw new DomainError(prepared.code, prepared.message, prepared.fields ? { fields: prepared.fields } : undefined);
  const { rows, ...report } = prepared.deck;
  await inTransaction(db.pool, async (client) => {
    if (!(await findRatePlan(client, planId, true))) throw DomainError.notFound('Rate plan', planId);
    await writePlanRows(client, planId, rows);
  });
  return { ...report, seconds: Math.round(performance.now() - started) / 1000 };
}
