import { NONE, type TariffTable } from '../plan/tariff-table';
import { MS_PER_SECOND } from '../time/zoned-clock';
import { segmentCost } from './call-cost';
import { type PlanCatalog } from './plan-catalog';
import { RatingOutcome, unratableReason } from './rating-outcome';
import { type BundleUsage, type RatedSegment, type RatingResult } from './rating-result';
import { MONEY, type RatingScratch } from './rating-scratch';

export interface ResultContext {
  currency: string;
  matchedPrefix: string;
  usage: BundleUsage;
  calledNumber: string;
}

/** Turns the scratch of one rated CDR into a self-contained result object. */
export function describeResult(scratch: RatingScratch, catalog: PlanCatalog, tariffs: TariffTable, context: ResultContext): RatingResult {
  if (scratch.outcome !== RatingOutcome.Rated) {
    return { rated: false, reason: unratableReason(scratch.outcome), message: failureMessage(scratch, catalog, context.calledNumber) };
  }
  const segments: RatedSegment[] = [];
  const rateIds: string[] = [];
  let billedMs = 0;
  let bundleMs = 0;
  for (let index = 0; index < scratch.segmentCount; index++) {
    const rate = scratch.segmentRate[index];
    const position = scratch.segmentStart[index];
    const billed = scratch.segmentBilledMs[index];
    const payer = scratch.segmentPayer[index];
    const rateId = catalog.rateIds[tariffs.rateIndex(rate)];
    segments.push({
      startedAtMs: scratch.startedAtMs + position,
      seconds: (Math.min(position + billed, scratch.durationMs) - position) / MS_PER_SECOND,
      billedSeconds: billed / MS_PER_SECOND,
      rateId,
      bundleId: payer === MONEY ? null : catalog.bundles[payer].id,
      cost: payer === MONEY ? segmentCost(tariffs, rate, billed) : 0,
    });
    if (!rateIds.includes(rateId)) rateIds.push(rateId);
    billedMs += billed;
    if (payer !== MONEY) bundleMs += billed;
  }
  let bundleUsage = context.usage;
  if (bundleMs > 0) {
    const next: Record<string, number> = { ...context.usage };
    for (const bundle of catalog.destinations[scratch.destination].bundles) {
      const consumed = scratch.bundleConsumedMs[bundle.index];
      if (consumed > 0) next[bundle.id] = (context.usage[bundle.id] ?? 0) + consumed / MS_PER_SECOND;
    }
    bundleUsage = Object.freeze(next);
  }
  return {
    rated: true,
    cost: scratch.cost,
    currency: context.currency,
    destination: catalog.destinationNames[scratch.destination],
    matchedPrefix: context.matchedPrefix,
    rateIds: rateIds.length > 0 ? rateIds : [catalog.rateIds[tariffs.rateIndex(scratch.headRate)]],
    connectFee: scratch.connectFee,
    billedSeconds: billedMs / MS_PER_SECOND,
    bundleSeconds: bundleMs / MS_PER_SECOND,
    segments,
    bundleUsage,
  };
}

function failureMessage(scratch: RatingScratch, catalog: PlanCatalog, calledNumber: string): string {
  const at = () => new Date(scratch.failedAtMs).toISOString();
  switch (scratch.outcome) {
    case RatingOutcome.InvalidNumber:
      return `"${calledNumber}" is not a dialled number (digits, with an optional leading + and spaces or hyphens)`;
    case RatingOutcome.InvalidDuration:
      return 'durationSeconds must be a number of seconds from 0 to one week';
    case RatingOutcome.InvalidStartTime:
      return 'startedAtMs must be a UTC epoch millisecond timestamp between 1970 and 2200';
    case RatingOutcome.NoMatchingPrefix:
      return `no rated destination has a prefix of "${calledNumber}"`;
    case RatingOutcome.NoActiveRate:
      return scratch.destination !== NONE
        ? `destination "${catalog.destinationNames[scratch.destination]}" has no rate in force at ${at()}`
        : `no destination matching "${calledNumber}" has a rate in force at ${at()}`;
    case RatingOutcome.CostOutOfRange:
      return 'the cost exceeds 2^53 nanos (about 9 million currency units) for one call';
    default:
      return 'rated';
  }
}
