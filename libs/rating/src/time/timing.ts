import type { TimingData } from '../plan/plan-data';
import type { IssueCollector } from '../plan/plan-error';
import { parseLocalDate, parseTimeOfDay } from './time-text';
import { MS_PER_DAY, type WallTimeMs } from './zoned-clock';

/** Id of the implicit timing used by rates that name none: always active, weight 0. */
export const ANY_TIMING_ID = '*any';

/**
 * At most 32 timings per plan: the set of timings active at an instant is kept as one 32-bit mask,
 * which keeps the per-CDR timing test a single AND.
 */
export const MAX_TIMINGS = 32;

const ALL_WEEKDAYS = 0b111_1111;

export class CompiledTiming {
  constructor(
    /** Bit position in the active-timings mask. */
    readonly bit: number,
    readonly id: string,
    readonly weight: number,
    private readonly weekdayBits: number,
    /** Local dates as wall-time midnights, or null for any date. */
    private readonly dates: ReadonlySet<WallTimeMs> | null,
    readonly startOfDayMs: number,
    readonly endOfDayMs: number,
  ) {}

  get mask(): number {
    return 1 << this.bit;
  }

  /** True if the timing matches every instant, so it never splits a call. */
  get isAlways(): boolean {
    return this.weekdayBits === ALL_WEEKDAYS && this.dates === null && this.startOfDayMs === 0 && this.endOfDayMs === MS_PER_DAY;
  }

  /** Whether the timing is active at `timeOfDayMs` on the local day starting at `dayWall`. */
  isActiveAt(dayWall: WallTimeMs, timeOfDayMs: number): boolean {
    return (
      (this.weekdayBits & (1 << weekdayOf(dayWall))) !== 0 &&
      (this.dates === null || this.dates.has(dayWall)) &&
      timeOfDayMs >= this.startOfDayMs &&
      timeOfDayMs < this.endOfDayMs
    );
  }

  /** Orders timings by precedence: higher weight first, then smaller id. */
  static byPrecedence(a: CompiledTiming, b: CompiledTiming): number {
    return b.weight - a.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }
}

/** 0 = Sunday ... 6 = Saturday for a local midnight (1970-01-01 was a Thursday). */
function weekdayOf(dayWall: WallTimeMs): number {
  return (((Math.floor(dayWall / MS_PER_DAY) + 4) % 7) + 7) % 7;
}

export function anyTiming(bit: number): CompiledTiming {
  return new CompiledTiming(bit, ANY_TIMING_ID, 0, ALL_WEEKDAYS, null, 0, MS_PER_DAY);
}

export function compileTiming(data: TimingData, bit: number, path: string, issues: IssueCollector): CompiledTiming | null {
  const before = issues.issues.length;
  if (typeof data.id !== 'string' || data.id.length === 0) issues.add(`${path}.id`, 'must be a non-empty string');
  else if (data.id === ANY_TIMING_ID) issues.add(`${path}.id`, `"${ANY_TIMING_ID}" is reserved for untimed rates`);
  if (!Number.isFinite(data.weight)) issues.add(`${path}.weight`, 'must be a finite number');

  let weekdayBits = ALL_WEEKDAYS;
  if (data.weekdays !== undefined && !Array.isArray(data.weekdays)) issues.add(`${path}.weekdays`, 'must be a list of days 0 (Sunday) to 6 (Saturday)');
  else if (data.weekdays !== undefined) {
    weekdayBits = 0;
    data.weekdays.forEach((day, index) => {
      if (Number.isInteger(day) && day >= 0 && day <= 6) weekdayBits |= 1 << day;
      else issues.add(`${path}.weekdays[${index}]`, `must be 0 (Sunday) to 6 (Saturday), got ${day}`);
    });
    if (data.weekdays.length === 0) issues.add(`${path}.weekdays`, 'must list at least one day, or be omitted for every day');
  }

  let dates: Set<WallTimeMs> | null = null;
  if (data.dates !== undefined && !Array.isArray(data.dates)) issues.add(`${path}.dates`, 'must be a list of dates YYYY-MM-DD');
  else if (data.dates !== undefined) {
    dates = new Set();
    data.dates.forEach((text, index) => {
      const day = parseLocalDate(text);
      if (day === null) issues.add(`${path}.dates[${index}]`, `must be a date YYYY-MM-DD, got "${text}"`);
      else dates!.add(day);
    });
    if (data.dates.length === 0) issues.add(`${path}.dates`, 'must list at least one date, or be omitted for every date');
  }

  const start = data.startTime === undefined ? 0 : parseTimeOfDay(data.startTime);
  const end = data.endTime === undefined ? MS_PER_DAY : parseTimeOfDay(data.endTime);
  if (start === null || start === MS_PER_DAY) issues.add(`${path}.startTime`, `must be HH:MM or HH:MM:SS before 24:00, got "${data.startTime}"`);
  if (end === null) issues.add(`${path}.endTime`, `must be HH:MM or HH:MM:SS up to 24:00, got "${data.endTime}"`);
  if (start !== null && end !== null && end <= start) {
    issues.add(`${path}.endTime`, 'must be after startTime; split a period across midnight into two timings');
  }
  if (issues.issues.length > before) return null;
  return new CompiledTiming(bit, data.id, data.weight, weekdayBits, dates, start!, end!);
}
