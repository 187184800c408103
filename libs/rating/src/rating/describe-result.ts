import { type CompiledBundle } from '../plan/compiled-bundle';
import { MS_PER_SECOND } from '../time/zoned-clock';
import { segmentCost } from './call-cost';
import { RatingOutcome, unratableReason } from './rating-outcome';
import { type BundleUsage, type RatedSegment, type RatingResult } from './rating-result';
import { MONEY, type RatingScratch } from './rating-scratch';

/** Turns the scratch of one rated CDR into a self-contained result object. */
export function describeResult(
  scratch: RatingScratch,
  bundles: readonly CompiledBundle[],
  currency: string,
  usage: BundleUsage,
  calledNumber: string,
): RatingResult {
  if (scratch.outcome !== RatingOutcome.Rated) {
    return { rated: false, reason: unratableReason(scratch.outcome), message: failureMessage(scratch, calledNumber) };
  }
  const segments: RatedSegment[] = [];
  const rateIds: string[] = [];
  let billedMs = 0;
  let bundleMs = 0;
  for (let index = 0; index < scratch.segmentCount; index++) {
    const rate = scratch.segmentRate[index]!;
    const position = scratch.segmentStart[index];
    const billed = scratch.segmentBilledMs[index];
    const payer = scratch.segmentPayer[index];
    const coveredMs = Math.min(position + billed, scratch.durationMs) - position;
    segments.push({
      startedAtMs: scratch.startedAtMs + position,
      seconds: coveredMs / MS_PER_SECOND,
      billedSeconds: billed / MS_PER_SECOND,
      rateId: rate.id,
      bundleId: payer === MONEY ? null : bundles[payer].id,
      cost: payer === MONEY ? segmentCost(rate, billed) : 0,
    });
    if (!rateIds.includes(rate.id)) rateIds.push(rate.id);
    billedMs += billed;
    if (payer !== MONEY) bundleMs += billed;
  }
  return {
    rated: true,
    cost: scratch.cost,
    currency,
    destination: scratch.tariff!.name,
    matchedPrefix: scratch.prefix!.prefix,
    rateIds: rateIds.length > 0 ? rateIds : [scratch.headRate!.id],
    connectFee: scratch.connectFee,
    billedSeconds: billedMs / MS_PER_SECOND,
    bundleSeconds: bundleMs / MS_PER_SECOND,
    segments,
    bundleUsage: bundleMs > 0 ? usageAfter(scratch, usage) : usage,
  };
}

function usageAfter(scratch: RatingScratch, usage: BundleUsage): BundleUsage {
  const next: Record<string, number> = { ...usage };
  for (const bundle of scratch.tariff!.bundles) {
    const consumed = scratch.bundleConsumedMs[bundle.index];
    if (consumed > 0) next[bundle.id] = (usage[bundle.id] ?? 0) + consumed / MS_PER_SECOND;
  }
  return Object.freeze(next);
}

function failureMessage(scratch: RatingScratch, calledNumber: string): string {
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
      return scratch.tariff
        ? `destination "${scratch.tariff.name}" has no rate in force at ${new Date(scratch.failedAtMs).toISOString()}`
        : `no destination matching "${calledNumber}" has a rate in force at ${new Date(scratch.failedAtMs).toISOString()}`;
    case RatingOutcome.CostOutOfRange:
      return 'the cost exceeds 2^53 nanos (about 9 million currency units) for one call';
    default:
      return 'rated';
  }
}
