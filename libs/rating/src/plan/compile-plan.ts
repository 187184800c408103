import { isCurrencyCode } from '@nova/domain';
import { normalizeNumber } from '../number/normalize';
import { PlanCatalog } from '../rating/plan-catalog';
import { RatingPlan } from '../rating/rating-plan';
import { anyTiming, compileTiming, type CompiledTiming, MAX_TIMINGS } from '../time/timing';
import { TimingCalendar } from '../time/timing-calendar';
import { InvalidTimeZoneError, ZonedClock } from '../time/zoned-clock';
import { buildTariffs, type DestinationDefinition, destinationPrecedence } from './build-tariffs';
import { CompiledBundle } from './compiled-bundle';
import { compileRates, validRounding } from './compile-rates';
import { type BundleData, type DestinationData, type RatingPlanData, type TimingData } from './plan-data';
import { IssueCollector } from './plan-error';
import { PrefixTrieBuilder } from './prefix-trie';

/** Longest accepted prefix, in digits (E.164 numbers have at most 15). */
const MAX_PREFIX_DIGITS = 24;

/**
 * Validates plan data and compiles it into an immutable RatingPlan. Throws RatingPlanError listing
 * every problem with its path (e.g. "rates[12].initialIncrement").
 */
export function compileRatingPlan(data: RatingPlanData): RatingPlan {
  const issues = new IssueCollector();
  if (typeof data.id !== 'string' || data.id.length === 0) issues.add('id', 'must be a non-empty string');
  if (!isCurrencyCode(data.currency)) issues.add('currency', `must be an ISO 4217 code, got "${data.currency}"`);
  validRounding(data.rounding, 'rounding', issues);
  const clock = zonedClock(data.timezone, issues);
  const timings = compileTimings(data.timings ?? [], issues);
  const destinations = compileDestinations(data.destinations, issues);
  const rates = clock
    ? compileRates(data.rates, { clock, timings, destinations: new Set(destinations.keys()), rounding: data.rounding, issues })
    : [];
  const bundles = compileBundles(data.bundles ?? [], destinations, issues);
  issues.throwIfAny();

  const tariffs = buildTariffs([...destinations.values()], rates, bundles.byDestination);
  // The trie's candidates are tariff block offsets: a match leads straight to the tariff.
  const trie = new PrefixTrieBuilder();
  const byBlock = new Map(tariffs.rated.map((destination) => [destination.block, destination]));
  for (const destination of destinations.values()) {
    const rated = tariffs.byName.get(destination.name);
    if (rated) for (const prefix of destination.prefixes) trie.add(prefix, rated.block);
  }
  return new RatingPlan({
    id: data.id,
    currency: data.currency,
    timezone: data.timezone,
    calendar: new TimingCalendar([...timings.values()], clock!),
    trie: trie.build((a, b) => destinationPrecedence(byBlock.get(a)!, byBlock.get(b)!)),
    tariffs: tariffs.table,
    catalog: new PlanCatalog(rates, tariffs.rated, bundles.all),
  });
}

function zonedClock(timezone: string, issues: IssueCollector): ZonedClock | null {
  try {
    return new ZonedClock(timezone);
  } catch (error) {
    if (!(error instanceof InvalidTimeZoneError)) throw error;
    issues.add('timezone', `must be an IANA time zone such as "Africa/Lagos", got "${timezone}"`);
    return null;
  }
}

function compileTimings(list: readonly TimingData[], issues: IssueCollector): Map<string, CompiledTiming> {
  const any = anyTiming(0);
  const timings = new Map<string, CompiledTiming>([[any.id, any]]);
  if (list.length >= MAX_TIMINGS) issues.add('timings', `at most ${MAX_TIMINGS - 1} timings per plan, got ${list.length}`);
  list.slice(0, MAX_TIMINGS - 1).forEach((data, index) => {
    const timing = compileTiming(data, index + 1, `timings[${index}]`, issues);
    if (!timing) return;
    if (timings.has(timing.id)) issues.add(`timings[${index}].id`, `duplicate timing id "${timing.id}"`);
    else timings.set(timing.id, timing);
  });
  return timings;
}

interface CompiledDestination extends DestinationDefinition {
  prefixes: string[];
}

function compileDestinations(list: readonly DestinationData[], issues: IssueCollector): Map<string, CompiledDestination> {
  const destinations = new Map<string, CompiledDestination>();
  list.forEach((data, index) => {
    const path = `destinations[${index}]`;
    if (typeof data.name !== 'string' || data.name.length === 0) return issues.add(`${path}.name`, 'must be a non-empty string');
    if (destinations.has(data.name)) return issues.add(`${path}.name`, `duplicate destination "${data.name}"`);
    const weight = data.weight ?? 0;
    if (!Number.isFinite(weight)) issues.add(`${path}.weight`, 'must be a finite number');
    const prefixes = new Set<string>();
    if (!Array.isArray(data.prefixes)) issues.add(`${path}.prefixes`, 'must be a list of number prefixes');
    (Array.isArray(data.prefixes) ? data.prefixes : []).forEach((raw, prefixIndex) => {
      const prefix = normalizeNumber(raw);
      if (prefix === null || prefix.length > MAX_PREFIX_DIGITS) {
        issues.add(`${path}.prefixes[${prefixIndex}]`, `must be 1 to ${MAX_PREFIX_DIGITS} digits, got "${raw}"`);
      } else prefixes.add(prefix);
    });
    destinations.set(data.name, { name: data.name, weight, prefixes: [...prefixes] });
  });
  return destinations;
}

function compileBundles(
  list: readonly BundleData[],
  destinations: ReadonlyMap<string, CompiledDestination>,
  issues: IssueCollector,
): { all: CompiledBundle[]; byDestination: Map<string, CompiledBundle[]> } {
  const all: CompiledBundle[] = [];
  const byDestination = new Map<string, CompiledBundle[]>();
  const ids = new Set<string>();
  list.forEach((data, index) => {
    const path = `bundles[${index}]`;
    const before = issues.issues.length;
    if (typeof data.id !== 'string' || data.id.length === 0) issues.add(`${path}.id`, 'must be a non-empty string');
    else if (ids.has(data.id)) issues.add(`${path}.id`, `duplicate bundle id "${data.id}"`);
    if (!Number.isSafeInteger(data.seconds) || data.seconds <= 0) issues.add(`${path}.seconds`, `must be a positive whole number of seconds, got ${data.seconds}`);
    if (!Array.isArray(data.destinations)) issues.add(`${path}.destinations`, 'must be a list of destination names');
    (Array.isArray(data.destinations) ? data.destinations : []).forEach((name, destinationIndex) => {
      if (!destinations.has(name)) issues.add(`${path}.destinations[${destinationIndex}]`, `unknown destination "${name}"`);
    });
    if (issues.issues.length > before) return;
    ids.add(data.id);
    const bundle = new CompiledBundle(all.length, data.id, data.seconds);
    all.push(bundle);
    for (const name of new Set(data.destinations)) {
      const list = byDestination.get(name);
      if (list) list.push(bundle);
      else byDestination.set(name, [bundle]);
    }
  });
  return { all, byDestination };
}
