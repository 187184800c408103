import { type Nanos, POWERS_OF_TEN, NANO_DIGITS } from '../money/nanos';
import { isRoundingMethod, roundingCode } from '../money/rounding';
import { ANY_TIMING_ID, type CompiledTiming } from '../time/timing';
import { parseInstant } from '../time/time-text';
import { type ZonedClock } from '../time/zoned-clock';
import { CompiledRate } from './compiled-rate';
import { type RateData, type RoundingRule } from './plan-data';
import { AMOUNT_RULE, INSTANT_RULE, isWholeSeconds, parseAmount, WHOLE_SECONDS_RULE } from './field-rules';
import { type IssueCollector } from './plan-error';

export interface RateContext {
  clock: ZonedClock;
  timings: ReadonlyMap<string, CompiledTiming>;
  destinations: ReadonlySet<string>;
  rounding: RoundingRule;
  issues: IssueCollector;
}

export function compileRates(rates: readonly RateData[], context: RateContext): CompiledRate[] {
  const compiled: CompiledRate[] = [];
  const instants = new Map<string, number | null>(); // decks repeat a few activation dates thousands of times
  const ids = new Set<string>();
  const slots = new Map<string, string>(); // destination|timing|activeFrom -> path of the rate holding it
  rates.forEach((data, index) => {
    const path = `rates[${index}]`;
    const rate = compileRate(data, path, context, instants);
    if (!rate) return;
    if (ids.has(rate.id)) {
      context.issues.add(`${path}.id`, `duplicate rate id "${rate.id}"`);
      return;
    }
    ids.add(rate.id);
    const slot = `${rate.destination}\u0000${rate.timing.id}\u0000${rate.activeFromMs}`;
    const holder = slots.get(slot);
    if (holder) {
      context.issues.add(path, `${holder} already prices destination "${rate.destination}" for timing "${rate.timing.id}" from the same instant`);
      return;
    }
    slots.set(slot, path);
    compiled.push(rate);
  });
  return compiled;
}

function compileRate(data: RateData, path: string, context: RateContext, instants: Map<string, number | null>): CompiledRate | null {
  const { issues } = context;
  const before = issues.issues.length;
  if (typeof data.id !== 'string' || data.id.length === 0) issues.add(`${path}.id`, 'must be a non-empty string');
  if (!context.destinations.has(data.destination)) issues.add(`${path}.destination`, `unknown destination "${data.destination}"`);
  const timing = context.timings.get(data.timing ?? ANY_TIMING_ID);
  if (!timing) issues.add(`${path}.timing`, `unknown timing "${data.timing}"`);

  const activeFromMs = data.activeFrom === undefined ? -Infinity : activation(data.activeFrom, context.clock, instants);
  if (activeFromMs === null) {
    issues.add(`${path}.activeFrom`, `${INSTANT_RULE}, got "${data.activeFrom}"`);
  }

  const pricePerUnit = amount(data.pricePerUnit, `${path}.pricePerUnit`, issues);
  const connectFee = data.connectFee === undefined ? 0 : amount(data.connectFee, `${path}.connectFee`, issues);
  const minCost = data.minCost === undefined ? null : amount(data.minCost, `${path}.minCost`, issues);
  const maxCost = data.maxCost === undefined ? null : amount(data.maxCost, `${path}.maxCost`, issues);
  if (minCost !== null && maxCost !== null && minCost > maxCost) issues.add(`${path}.maxCost`, 'must not be below minCost');

  const unitSeconds = seconds(data.unitSeconds, `${path}.unitSeconds`, issues);
  const initial = seconds(data.initialIncrement, `${path}.initialIncrement`, issues);
  const subsequent = seconds(data.subsequentIncrement, `${path}.subsequentIncrement`, issues);

  const rounding = data.rounding ?? context.rounding;
  const roundingPath = data.rounding ? `${path}.rounding` : 'rounding';
  const roundingValid = validRounding(rounding, roundingPath, issues);
  if (roundingValid) {
    // Min and max must be representable at the rounded precision, so rounding can never push a cost past them.
    const step = POWERS_OF_TEN[NANO_DIGITS - rounding.decimals];
    if (minCost !== null && minCost % step !== 0) issues.add(`${path}.minCost`, `has more than ${rounding.decimals} decimals, the rounding precision`);
    if (maxCost !== null && maxCost % step !== 0) issues.add(`${path}.maxCost`, `has more than ${rounding.decimals} decimals, the rounding precision`);
  }

  if (issues.issues.length > before) return null;
  return new CompiledRate({
    id: data.id,
    destination: data.destination,
    timing: timing!,
    activeFromMs: activeFromMs!,
    pricePerUnit: pricePerUnit!,
    unitSeconds: unitSeconds!,
    initialIncrementSeconds: initial!,
    subsequentIncrementSeconds: subsequent!,
    connectFee: connectFee!,
    minCost,
    maxCost,
    roundingCode: roundingCode(rounding.method),
    roundingDecimals: rounding.decimals,
  });
}

function activation(text: string, clock: ZonedClock, instants: Map<string, number | null>): number | null {
  let instant = instants.get(text);
  if (instant === undefined) instants.set(text, (instant = parseInstant(text, clock)));
  return instant;
}

export function validRounding(rounding: RoundingRule | undefined, path: string, issues: IssueCollector): boolean {
  let valid = true;
  if (!rounding || !isRoundingMethod(rounding.method)) {
    issues.add(`${path}.method`, `must be one of up, down, half-up, half-even, got "${rounding?.method}"`);
    valid = false;
  }
  if (!rounding || !Number.isInteger(rounding.decimals) || rounding.decimals < 0 || rounding.decimals > NANO_DIGITS) {
    issues.add(`${path}.decimals`, `must be an integer from 0 to ${NANO_DIGITS}, got ${rounding?.decimals}`);
    valid = false;
  }
  return valid;
}

function amount(text: unknown, path: string, issues: IssueCollector): Nanos | null {
  const nanos = parseAmount(text);
  if (nanos === null) issues.add(path, `${AMOUNT_RULE} (as a string), got ${JSON.stringify(text)}`);
  return nanos;
}

function seconds(value: unknown, path: string, issues: IssueCollector): number | null {
  if (isWholeSeconds(value)) return value;
  issues.add(path, `${WHOLE_SECONDS_RULE}, got ${JSON.stringify(value)}`);
  return null;
}
