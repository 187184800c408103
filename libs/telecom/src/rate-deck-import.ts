import { DomainError } from '@nova/domain';
import type { Pool } from 'pg';
import { inTransaction } from '@nova/common';
import { compileRatingPlan, type RateDeckError } from '@nova/rating';
import { type DeckSource, prepareDeckInWorker } from './deck-preparation';
import { asValidationError } from './plan-errors';
import { findRatePlan, writePlanRows } from './rate-plan-store';

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
export async function importRateDeck(pool: Pool, planId: string, deck: DeckSource): Promise<DeckImportReport> {
  const started = performance.now();
  const plan = await findRatePlan(pool, planId);
  if (!plan) throw DomainError.notFound('Rate plan', planId);
  const prepared = await prepareDeckInWorker(deck, { id: planId, currency: plan.currency, timezone: plan.timezone, rounding: plan.rounding, timings: plan.timings, bundles: plan.bundles });
  if (!prepared.ok) throw new DomainError(prepared.code, prepared.message, prepared.fields ? { fields: prepared.fields } : undefined);
  const { rows, ...report } = prepared.deck;
  await inTransaction(pool, async (client) => {
    if (!(await findRatePlan(client, planId, true))) throw DomainError.notFound('Rate plan', planId);
    await writePlanRows(client, planId, rows);
  });
  return { ...report, seconds: Math.round(performance.now() - started) / 1000 };
}

/** Compiles plan data only to validate it: the core reports every bad field at once. */
export function assertCompiles(data: Parameters<typeof compileRatingPlan>[0]): void {
  try {
    compileRatingPlan(data);
  } catch (error) {
    throw asValidationError(error);
  }
}
