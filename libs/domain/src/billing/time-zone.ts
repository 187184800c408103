import { DomainValidationError } from '../errors';

/**
 * Wall-clock arithmetic in an IANA time zone with nothing but Intl (no tz database of our own, no dependency).
 * An instant is a Date; a local date-time is the calendar fields a clock in the zone shows at that instant.
 * Local → instant resolves like Temporal's `disambiguation: 'compatible'`: a wall time that happens twice
 * (clocks going back) is its first occurrence, one that never happens (clocks going forward) is moved forward by
 * the gap (01:30 on the spring-forward day in London is 02:30 BST).
 */

export const DEFAULT_TIME_ZONE = 'UTC';

export interface LocalDateTime {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

// IANA names: "UTC", "Africa/Nairobi", "America/Argentina/Buenos_Aires", "Etc/GMT+3". Not offsets ("+05:30"),
// which newer Intl versions accept but which have no rules (no DST) and are not what a tenant's locale is.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

let supportedByLowerCase: Map<string, string> | null = null;

/**
 * The spelling of an IANA zone Intl knows, or null: its own case from Intl's list ("africa/nairobi" →
 * "Africa/Nairobi"), "UTC", or the name as given for a link Intl accepts but lists under another name
 * ("Asia/Kolkata", which ICU lists as "Asia/Calcutta": the name the tenant chose is kept).
 */
const canonicalCache = new Map<string, string | null>();

export function canonicalTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 64 || !IANA_NAME.test(value)) return null;
  const cached = canonicalCache.get(value);
  if (cached !== undefined) return cached;
  const result = resolveTimeZone(value);
  if (canonicalCache.size < 1000) canonicalCache.set(value, result);
  return result;
}

function resolveTimeZone(value: string): string | null {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  if (!supportedByLowerCase) {
    supportedByLowerCase = new Map(Intl.supportedValuesOf('timeZone').map((name) => [name.toLowerCase(), name]));
    supportedByLowerCase.set('utc', 'UTC');
  }
  const lower = value.toLowerCase();
  if (lower === 'etc/utc') return 'UTC';
  return supportedByLowerCase.get(lower) ?? (resolved.toLowerCase() === lower ? resolved : value);
}

/** Why `value` is not an acceptable time zone, as a phrase after the field name, or null when it is. */
export function timeZoneProblem(value: unknown): string | null {
  return canonicalTimeZone(value) === null ? 'must be an IANA time zone name such as Africa/Nairobi, Asia/Kolkata or UTC' : null;
}

function assertInstant(value: Date, field: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new DomainValidationError(field, 'must be a valid Date');
}

function assertZone(timeZone: string): void {
  if (canonicalTimeZone(timeZone) === null) throw new DomainValidationError('timeZone', timeZoneProblem(timeZone)!);
}

const isUtc = (timeZone: string) => timeZone === 'UTC' || timeZone === 'Etc/UTC';

/** What a clock in `timeZone` shows at `instant`. */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  assertInstant(instant, 'instant');
  const millisecond = ((instant.getTime() % 1000) + 1000) % 1000;
  if (isUtc(timeZone)) {
    return {
      year: instant.getUTCFullYear(),
      month: instant.getUTCMonth() + 1,
      day: instant.getUTCDate(),
      hour: instant.getUTCHours(),
      minute: instant.getUTCMinutes(),
      second: instant.getUTCSeconds(),
      millisecond,
    };
  }
  assertZone(timeZone);
  const fields: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) fields[part.type] = part.value;
  const year = Number(fields.year);
  return {
    year: fields.era === 'BC' || fields.era === 'B' ? 1 - year : year,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
    millisecond,
  };
}

/** The local date-time's fields read as if they were UTC, in milliseconds (setUTCFullYear keeps years 0–99). */
function wallClockMs(local: LocalDateTime): number {
  const date = new Date(0);
  date.setUTCFullYear(local.year, local.month - 1, local.day);
  date.setUTCHours(local.hour, local.minute, local.second, local.millisecond);
  return date.getTime();
}

/** How far the zone's clocks are ahead of UTC at `instant`, in milliseconds (Kolkata: +5h30m). */
export function utcOffsetMs(instant: Date, timeZone: string): number {
  return wallClockMs(localDateTime(instant, timeZone)) - instant.getTime();
}

/** The instant a clock in `timeZone` shows `local` (first occurrence in a fold; moved forward in a gap). */
export function instantAt(local: LocalDateTime, timeZone: string): Date {
  const wall = wallClockMs(local);
  if (Number.isNaN(wall)) throw new DomainValidationError('local', 'is outside the representable date range');
  if (isUtc(timeZone)) return new Date(wall);
  const DAY = 86_400_000;
  // No zone changes its offset twice within two days: the offsets a day either side are the only candidates.
  const before = utcOffsetMs(new Date(wall - DAY), timeZone);
  const after = utcOffsetMs(new Date(wall + DAY), timeZone);
  const candidates = [wall - before, wall - after].sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (wallClockMs(localDateTime(new Date(candidate), timeZone)) === wall) return new Date(candidate);
  }
  // A gap: read the wall time with the offset in force before it, which lands past the gap.
  return new Date(wall - before);
}

/** Days in a month of the proleptic Gregorian calendar (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Local midnight of the day `instant` falls on in `timeZone`. */
export function startOfLocalDay(instant: Date, timeZone: string): Date {
  const local = localDateTime(instant, timeZone);
  return instantAt({ ...local, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}

/** `anchor` moved by whole local days, its local time of day kept (a day across a DST change is 23 or 25 hours). */
export function addLocalDays(anchor: Date, days: number, timeZone: string): Date {
  const local = localDateTime(anchor, timeZone);
  const date = new Date(0);
  date.setUTCFullYear(local.year, local.month - 1, local.day + days);
  return instantAt({ ...local, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, timeZone);
}

/**
 * `anchor` moved by whole local calendar months, its local time of day kept and its day of month clamped to the
 * target month: `anchorDay` (default the anchor's own local day) or the month's last day if shorter. Anchored on the
 * 31st: Jan 31 → Feb 28 (29 in leap years) → Mar 31 → Apr 30, each computed from the anchor, so nothing drifts.
 */
export function addLocalMonths(anchor: Date, months: number, timeZone: string, anchorDay?: number): Date {
  if (anchorDay !== undefined && anchorDayProblem(anchorDay)) throw new DomainValidationError('anchorDay', anchorDayProblem(anchorDay)!);
  const local = localDateTime(anchor, timeZone);
  const monthsSinceYearZero = local.year * 12 + (local.month - 1) + months;
  const year = Math.floor(monthsSinceYearZero / 12);
  const month = monthsSinceYearZero - year * 12 + 1;
  const day = Math.min(anchorDay ?? local.day, daysInMonth(year, month));
  return instantAt({ ...local, year, month, day }, timeZone);
}

/** Why `value` is not a billing-cycle anchor day (1–31), or null. */
export function anchorDayProblem(value: unknown): string | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 31 ? null : 'must be an integer from 1 to 31';
}

/**
 * The first local midnight on day `anchorDay` of a month (the month's last day when it is shorter) at or after
 * `from`, in `timeZone`: where an anchored subscription's regular periods start.
 */
export function nextAnchorDayMidnight(from: Date, anchorDay: number, timeZone: string): Date {
  const problem = anchorDayProblem(anchorDay);
  if (problem) throw new DomainValidationError('anchorDay', problem);
  const local = localDateTime(from, timeZone);
  for (let months = 0; months <= 1; months += 1) {
    const monthsSinceYearZero = local.year * 12 + (local.month - 1) + months;
    const year = Math.floor(monthsSinceYearZero / 12);
    const month = monthsSinceYearZero - year * 12 + 1;
    const candidate = instantAt({ year, month, day: Math.min(anchorDay, daysInMonth(year, month)), hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
    if (candidate.getTime() >= from.getTime()) return candidate;
  }
  /* istanbul ignore next: next month's candidate is always later */
  throw new DomainValidationError('anchorDay', 'has no next occurrence');
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The local calendar date, "2026-03-31". */
export function formatLocalDate(instant: Date, timeZone: string): string {
  const local = localDateTime(instant, timeZone);
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`;
}

/** The local month, "2026-03": how reports that group by month name their rows. */
export function localMonthKey(instant: Date, timeZone: string): string {
  return formatLocalDate(instant, timeZone).slice(0, 7);
}

/** The local date and time to the minute with the zone, "2026-03-31 00:00 Asia/Kolkata". */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  const local = localDateTime(instant, timeZone);
  return `${formatLocalDate(instant, timeZone)} ${pad(local.hour)}:${pad(local.minute)} ${timeZone}`;
}
