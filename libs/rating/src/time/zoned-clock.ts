// Conversions between UTC instants and wall-clock time in one IANA time zone, using the platform's
// time-zone database through Intl (no dependency). Only the calendar builder calls these, a few times
// per local day, so their cost never reaches the per-CDR path.

export const MS_PER_SECOND = 1_000;
export const MS_PER_DAY = 86_400_000;

/**
 * A wall-clock time expressed as "milliseconds since 1970-01-01T00:00 in local time", i.e. what
 * Date.UTC(year, month, day, hour, minute, second) returns for the local fields. Keeps calendar arithmetic
 * in plain integers.
 */
export type WallTimeMs = number;

export class InvalidTimeZoneError extends Error {
  constructor(readonly timeZone: string) {
    super(`Unknown IANA time zone: ${timeZone}`);
  }
}

export class ZonedClock {
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new InvalidTimeZoneError(timeZone);
    }
  }

  /** Local wall time of a UTC instant (seconds precision, milliseconds carried over). */
  wallTimeAt(utcMs: number): WallTimeMs {
    const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of this.format.formatToParts(utcMs)) {
      if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
    }
    const wholeSecond = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
    return wholeSecond + (((utcMs % MS_PER_SECOND) + MS_PER_SECOND) % MS_PER_SECOND);
  }

  /** UTC offset in force at a UTC instant, in milliseconds (positive east of Greenwich). */
  offsetAt(utcMs: number): number {
    return this.wallTimeAt(utcMs) - utcMs;
  }

  /**
   * The UTC instant at which local clocks show `wall`. Like Temporal's 'compatible' disambiguation:
   * a wall time repeated by a backward DST shift resolves to its first occurrence, and a wall time
   * skipped by a forward shift resolves to the instant the same distance after the shift.
   */
  utcAt(wall: WallTimeMs): number {
    const offsetBefore = this.offsetAt(wall - MS_PER_DAY);
    const offsetAfter = this.offsetAt(wall + MS_PER_DAY);
    const early = wall - offsetBefore;
    const late = wall - offsetAfter;
    const earlyValid = this.wallTimeAt(early) === wall;
    const lateValid = this.wallTimeAt(late) === wall;
    if (earlyValid && lateValid) return Math.min(early, late);
    if (earlyValid) return early;
    if (lateValid) return late;
    return early; // skipped wall time: read it with the offset in force before the gap
  }
}
