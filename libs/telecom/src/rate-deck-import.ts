import type { Readable } from 'node:stream';
import type { Pool } from 'pg';
import { AppError, inTransaction } from '@nova/common';
import { compileRatingPlan, parseRateDeck, rateDeckToPlanData, type RateDeckError } from '@nova/rating';
import { asValidationError } from './plan-errors';
import { findRatePlan, replacePlanRows } from './rate-plan-store';

export interface DeckImportReport {
  destinations: number;
  prefixes: number;
  rates: number;
  rejectedCount: number;
  /** The first bad lines, by line number. */
  rejected: RateDeckError[];
  seconds: number;
}

const REPORTED_DECK_ERRORS = 1_000;

/**
 * Replaces a plan's destinations and rates with a rate deck (CSV, see libs/rating). Bad lines are
 * reported and left out; what remains must compile, and is stored with set-based INSERTs in one
 * transaction that holds the plan row.
 */
export async function importRateDeck(pool: Pool, planId: string, deck: string | Buffer | Readable): Promise<DeckImportReport> {
  const started = performance.now();
  const plan = await findRatePlan(pool, planId);
  if (!plan) throw AppError.notFound('Rate plan', planId);
  const parsed = await parseRateDeck(deck);
  const { data, errors: conflicts } = rateDeckToPlanData(parsed.rows, { id: planId, currency: plan.currency, timezone: plan.timezone, rounding: plan.rounding, timings: plan.timings, bundles: plan.bundles });
  assertCompiles(data);
  await inTransaction(pool, async (client) => {
    if (!(await findRatePlan(client, planId, true))) throw AppError.notFound('Rate plan', planId);
    await replacePlanRows(client, planId, data.destinations, data.rates);
  });
  const rejected = [...parsed.errors, ...conflicts].sort((a, b) => a.line - b.line);
  return {
    destinations: data.destinations.length,
    prefixes: data.destinations.reduce((sum, destination) => sum + destination.prefixes.length, 0),
    rates: data.rates.length,
    rejectedCount: rejected.length,
    rejected: rejected.slice(0, REPORTED_DECK_ERRORS),
    seconds: Math.round(performance.now() - started) / 1000,
  };
}

/** Compiles plan data only to validate it: the core reports every bad field at once. */
export function assertCompiles(data: Parameters<typeof compileRatingPlan>[0]): void {
  try {
    compileRatingPlan(data);
  } catch (error) {
    throw asValidationError(error);
  }
}
