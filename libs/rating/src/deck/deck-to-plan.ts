import { ANY_TIMING_ID } from '../time/timing';
import { type DestinationData, type RateData, type RatingPlanData } from '../plan/plan-data';
import { type RateDeckError, type RateDeckRow } from './rate-deck';

/** Everything a plan needs besides what the deck provides. */
export interface DeckPlanSettings extends Omit<RatingPlanData, 'destinations' | 'rates'> {
  /** Tie-break weights for destinations sharing a prefix, by destination name (default 0). */
  destinationWeights?: Readonly<Record<string, number>>;
}

/** The rate terms that must agree across every deck line of one destination, timing and activation. */
const RATE_TERMS = [
  ['ratePerUnit', 'rate_per_unit'],
  ['unitSeconds', 'unit_seconds'],
  ['connectFee', 'connect_fee'],
  ['initialIncrement', 'initial_increment'],
  ['subsequentIncrement', 'subsequent_increment'],
  ['minCost', 'min_cost'],
  ['maxCost', 'max_cost'],
] as const satisfies readonly (readonly [keyof RateDeckRow, string])[];

/**
 * Groups deck rows into plan data: one destination per destination name with all its prefixes, one
 * rate per (destination, timing, active_from), with the id "destination/timing/active_from". A
 * destination's lines must agree on the rate; a line that contradicts an earlier one is reported at its
 * first conflicting column and left out.
 */
export function rateDeckToPlanData(rows: readonly RateDeckRow[], settings: DeckPlanSettings): { data: RatingPlanData; errors: RateDeckError[] } {
  const { destinationWeights = {}, ...plan } = settings;
  const errors: RateDeckError[] = [];
  const prefixesByDestination = new Map<string, string[]>();
  const rateRows = new Map<string, RateDeckRow>();
  for (const row of rows) {
    const rateId = `${row.destination}/${row.timing ?? ANY_TIMING_ID}/${row.activeFrom ?? 'always'}`;
    const first = rateRows.get(rateId);
    if (first === undefined) rateRows.set(rateId, row);
    else if (conflicts(row, first, errors)) continue;
    const prefixes = prefixesByDestination.get(row.destination);
    if (prefixes) prefixes.push(row.prefix);
    else prefixesByDestination.set(row.destination, [row.prefix]);
  }
  const destinations: DestinationData[] = [];
  for (const [name, prefixes] of prefixesByDestination) destinations.push({ name, prefixes, weight: destinationWeights[name] ?? 0 });
  const rates: RateData[] = [];
  for (const [id, row] of rateRows) rates.push(rateOf(id, row));
  return { data: { ...plan, destinations, rates }, errors };
}

function conflicts(row: RateDeckRow, first: RateDeckRow, errors: RateDeckError[]): boolean {
  for (const [key, column] of RATE_TERMS) {
    if (row[key] === first[key]) continue;
    const message = `conflicts with line ${first.line}, which prices destination "${row.destination}" with ${column} ${first[key] ?? '(empty)'}`;
    errors.push({ line: row.line, field: column, message });
    return true;
  }
  return false;
}

function rateOf(id: string, row: RateDeckRow): RateData {
  const rate: RateData = {
    id,
    destination: row.destination,
    pricePerUnit: row.ratePerUnit,
    unitSeconds: row.unitSeconds,
    initialIncrement: row.initialIncrement,
    subsequentIncrement: row.subsequentIncrement,
    connectFee: row.connectFee,
  };
  if (row.timing !== null) rate.timing = row.timing;
  if (row.activeFrom !== null) rate.activeFrom = row.activeFrom;
  if (row.minCost !== null) rate.minCost = row.minCost;
  if (row.maxCost !== null) rate.maxCost = row.maxCost;
  return rate;
}
