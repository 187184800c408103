// Synthetic rate decks and CDRs for the benchmark and the differential spec: realistic shapes (country
// codes refined into operator ranges, the four usual increment patterns, peak/weekend/holiday timings,
// scheduled price changes, calls crossing boundaries), generated from a seed.

import type { DeckPlanSettings } from '../deck/deck-to-plan';
import type { TimingData } from '../plan/plan-data';
import { ZonedClock } from '../time/zoned-clock';
import { Random } from './random';

const COUNTRY_CODES = ['1', '7', '20', '27', '30', '31', '33', '34', '39', '44', '49', '55', '61', '62', '63', '81', '86', '91', '92', '212', '221', '225', '233', '234', '237', '243', '251', '254', '255', '256', '260', '263', '880'];
const INCREMENTS: readonly [number, number][] = [[60, 60], [30, 6], [1, 1], [60, 1]];
const HEADER = 'prefix,destination,rate_per_unit,unit_seconds,connect_fee,initial_increment,subsequent_increment,min_cost,max_cost,active_from,timing';
const DAY_MS = 86_400_000;

export interface SyntheticDeckOptions {
  prefixes: number;
  seed: number;
  timezone: string;
  /** First local day of the traffic window, "YYYY-MM-DD"; rate changes and holidays fall inside it. */
  windowStart: string;
  windowDays: number;
}

export interface SyntheticDeck {
  csv: string;
  settings: DeckPlanSettings;
  prefixes: string[];
}

export function syntheticDeck(options: SyntheticDeckOptions): SyntheticDeck {
  const random = new Random(options.seed);
  const prefixes = uniquePrefixes(options.prefixes, random);
  const windowStart = Date.parse(`${options.windowStart}T00:00:00Z`);
  const localDate = (dayOffset: number) => new Date(windowStart + dayOffset * DAY_MS).toISOString().slice(0, 10);
  const holidays = [localDate(Math.floor(options.windowDays / 3)), localDate(Math.floor((2 * options.windowDays) / 3))];
  const timings: TimingData[] = [
    { id: 'peak', weight: 10, weekdays: [1, 2, 3, 4, 5], startTime: '08:00', endTime: '20:00' },
    { id: 'weekend', weight: 20, weekdays: [0, 6] },
    { id: 'holiday', weight: 30, dates: holidays },
  ];

  const lines = [HEADER];
  for (let first = 0; first < prefixes.length; ) {
    const size = Math.min(random.int(1, 5), prefixes.length - first);
    const group = prefixes.slice(first, first + size);
    first += size;
    const destination = `${group[0]} zone`;
    const [initial, subsequent] = random.pick(INCREMENTS);
    const connectFee = random.chance(0.3) ? price(random, 0.001, 0.05) : '';
    const minCost = random.chance(0.1) ? '0.05' : '';
    const maxCost = random.chance(0.1) ? '5.00' : '';
    const base = random.next() * 0.3 + 0.001;
    const variants: [string, string, string][] = [[price(random, base, base), '', '']];
    if (random.chance(0.3)) variants.push([price(random, base * 1.5, base * 2), '', 'peak']);
    if (random.chance(0.2)) variants.push([price(random, base * 0.5, base * 0.8), '', 'weekend']);
    if (random.chance(0.1)) variants.push([price(random, 0.0005, base * 0.5), '', 'holiday']);
    if (random.chance(0.1)) variants.push([price(random, base * 0.9, base * 1.2), `${localDate(random.int(1, options.windowDays - 1))}T06:00`, '']);
    for (const prefix of group) {
      for (const [rate, activeFrom, timing] of variants) {
        lines.push(`${prefix},${destination},${rate},60,${connectFee},${initial},${subsequent},${minCost},${maxCost},${activeFrom},${timing}`);
      }
    }
  }
  return {
    csv: `${lines.join('\n')}\n`,
    prefixes,
    settings: { id: `synthetic-${options.seed}`, currency: 'USD', timezone: options.timezone, rounding: { method: 'half-up', decimals: 4 }, timings },
  };
}

export interface SyntheticCdrs {
  numbers: string[];
  startedAtMs: Float64Array;
  durationSeconds: Float64Array;
}

export interface SyntheticCdrOptions extends SyntheticDeckOptions {
  count: number;
  cdrSeed: number;
  /** Share of calls starting within two minutes of a local 08:00, 20:00 or midnight. Default 0.1. */
  boundaryShare?: number;
  /**
   * 'uniform' picks every prefix equally often (the worst case for CPU caches); 'skewed' sends about
   * half the calls to the top 1% of prefixes, closer to real traffic. Default 'uniform'.
   */
  popularity?: 'uniform' | 'skewed';
}

/**
 * `count` CDRs to numbers under the deck's prefixes (2% to numbers matching none), over the window;
 * some start next to a timing boundary so they may cross it.
 */
export function syntheticCdrs(deck: SyntheticDeck, options: SyntheticCdrOptions): SyntheticCdrs {
  const boundaryShare = options.boundaryShare ?? 0.1;
  const random = new Random(options.cdrSeed);
  const numbers: string[] = new Array(options.count);
  const startedAtMs = new Float64Array(options.count);
  const durationSeconds = new Float64Array(options.count);
  const windowStart = Date.parse(`${options.windowStart}T00:00:00Z`);
  const clock = new ZonedClock(options.timezone);
  const boundaries = new Map<number, number>(); // local wall time -> UTC instant
  const boundaryAt = (wall: number) => boundaries.get(wall) ?? boundaries.set(wall, clock.utcAt(wall)).get(wall)!;
  for (let index = 0; index < options.count; index++) {
    const rank = options.popularity === 'skewed' ? random.next() ** 6 : random.next();
    const prefix = random.chance(0.02) ? '999' : deck.prefixes[Math.floor(rank * deck.prefixes.length)];
    numbers[index] = `${random.chance(0.5) ? '+' : ''}${prefix}${random.digits(Math.max(0, random.int(11, 13) - prefix.length))}`;
    const dayWall = windowStart + random.int(0, options.windowDays - 1) * DAY_MS;
    startedAtMs[index] = random.chance(boundaryShare)
      ? boundaryAt(dayWall + random.pick([8, 20, 24]) * 3_600_000) - 120_000 + random.int(0, 240_000)
      : boundaryAt(dayWall) + random.int(0, DAY_MS - 1);
    durationSeconds[index] = callDuration(random);
  }
  return { numbers, startedAtMs, durationSeconds };
}

function callDuration(random: Random): number {
  const bucket = random.next();
  if (bucket < 0.03) return 0;
  if (bucket < 0.63) return random.int(1, 180);
  if (bucket < 0.93) return random.int(181, 1200);
  return random.int(1201, 7200);
}

function uniquePrefixes(count: number, random: Random): string[] {
  const prefixes = new Set<string>(COUNTRY_CODES.slice(0, Math.min(COUNTRY_CODES.length, count)));
  while (prefixes.size < count) prefixes.add(`${random.pick(COUNTRY_CODES)}${random.digits(random.int(1, 5))}`);
  return [...prefixes];
}

function price(random: Random, low: number, high: number): string {
  return (low + random.next() * (high - low)).toFixed(random.int(3, 6));
}
