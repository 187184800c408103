// Parsing of the textual times found in plan data and rate decks. Everything returns null on bad input
// so callers can report the offending field.

import { MS_PER_DAY, type WallTimeMs, type ZonedClock } from './zoned-clock';

const TIME_OF_DAY = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$/;

/** "HH:MM" or "HH:MM:SS" as milliseconds since local midnight; "24:00" is allowed as an end of day. */
export function parseTimeOfDay(text: string): number | null {
  const match = TIME_OF_DAY.exec(text);
  if (!match) return null;
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (minutes > 59 || seconds > 59) return null;
  const ms = ((hours * 60 + minutes) * 60 + seconds) * 1000;
  return ms <= MS_PER_DAY ? ms : null;
}

/** "YYYY-MM-DD" as the wall time of that local midnight, or null if not a real date. */
export function parseLocalDate(text: string): WallTimeMs | null {
  const match = DATE.exec(text);
  return match ? wallDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

/**
 * An activation instant: an ISO date-time with "Z" or an offset is absolute; a date or a date-time
 * without offset is local wall time in the plan's zone. Returns UTC milliseconds or null.
 */
export function parseInstant(text: string, clock: ZonedClock): number | null {
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const day = wallDate(Number(match[1]), Number(match[2]), Number(match[3]));
  if (day === null) return null;
  const time = match[4] === undefined ? 0 : parseTimeOfDay(`${match[4]}:${match[5]}:${match[6] ?? '00'}`);
  if (time === null || time === MS_PER_DAY) return null;
  const wall = day + time;
  const zone = match[7];
  if (zone === undefined) return clock.utcAt(wall);
  if (zone === 'Z') return wall;
  const sign = zone[0] === '-' ? -1 : 1;
  const offsetMs = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  return wall - offsetMs;
}

/** True if `text` has the shape parseInstant accepts (used where no time zone is known yet). */
export function isInstantText(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (!match || wallDate(Number(match[1]), Number(match[2]), Number(match[3])) === null) return false;
  if (match[4] === undefined) return true;
  const time = parseTimeOfDay(`${match[4]}:${match[5]}:${match[6] ?? '00'}`);
  return time !== null && time < MS_PER_DAY;
}

function wallDate(year: number, month: number, day: number): WallTimeMs | null {
  const wall = Date.UTC(year, month - 1, day);
  const date = new Date(wall);
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? wall : null;
}
