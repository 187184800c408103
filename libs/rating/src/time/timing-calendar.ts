import { type CompiledTiming } from './timing';
import { MS_PER_DAY, type WallTimeMs, type ZonedClock } from './zoned-clock';

/**
 * The plan's timings flattened onto the UTC time line: a sorted list of instants at which the set of
 * active timings changes, each with the bit mask of timings active from then on. Local times, weekdays,
 * holidays and DST are resolved here once per local day, so rating a CDR only compares numbers.
 *
 * Boundaries are built for whole local years on first use and the table grows when a CDR falls outside
 * it. That memoisation is invisible to callers: the answer for an instant never depends on what was
 * rated before. A per-UTC-day index makes finding the entry for an instant O(1).
 */
export class TimingCalendar {
  private changeAt = new Float64Array(0);
  private masks = new Int32Array(0);
  private count = 0;
  private coverFrom = Infinity;
  private coverTo = -Infinity;
  private firstYear = 0;
  private lastYear = 0;
  private firstDay = 0;
  private dayIndex = new Int32Array(0);
  private readonly constantMask: number | null;
  private readonly breakpoints: readonly number[];

  constructor(
    private readonly timings: readonly CompiledTiming[],
    private readonly clock: ZonedClock,
  ) {
    const everyTimingAlways = timings.every((timing) => timing.isAlways);
    this.constantMask = everyTimingAlways ? timings.reduce((mask, timing) => mask | timing.mask, 0) : null;
    const times = new Set<number>([0]);
    for (const timing of timings) {
      times.add(timing.startOfDayMs);
      if (timing.endOfDayMs < MS_PER_DAY) times.add(timing.endOfDayMs);
    }
    this.breakpoints = [...times].sort((a, b) => a - b);
    if (this.constantMask !== null) {
      this.changeAt = Float64Array.of(-Infinity);
      this.masks = Int32Array.of(this.constantMask);
      this.count = 1;
      this.coverFrom = -Infinity;
      this.coverTo = Infinity;
    }
  }

  /** Ensures boundaries exist for every instant in [fromMs, toMs]. */
  cover(fromMs: number, toMs: number): void {
    if (fromMs >= this.coverFrom && toMs < this.coverTo) return;
    // Pad by a day so local years always contain the UTC instants whatever the zone's offset.
    let firstYear = new Date(fromMs - MS_PER_DAY).getUTCFullYear();
    let lastYear = new Date(toMs + MS_PER_DAY).getUTCFullYear();
    if (this.count > 0) {
      firstYear = Math.min(firstYear, this.firstYear);
      lastYear = Math.max(lastYear, this.lastYear);
    }
    this.build(firstYear, lastYear);
  }

  /** Index of the entry in force at `utcMs` (which must be covered). */
  indexAt(utcMs: number): number {
    if (this.constantMask !== null) return 0;
    return this.advance(this.dayIndex[Math.floor(utcMs / MS_PER_DAY) - this.firstDay], utcMs);
  }

  /** Moves forward from entry `index` to the entry in force at a later instant `utcMs`. */
  advance(index: number, utcMs: number): number {
    while (index + 1 < this.count && this.changeAt[index + 1] <= utcMs) index++;
    return index;
  }

  /** Bit mask of the timings active during entry `index`. */
  maskAt(index: number): number {
    return this.masks[index];
  }

  /** Instant at which entry `index` ends (the next change). */
  endOf(index: number): number {
    return index + 1 < this.count ? this.changeAt[index + 1] : this.coverTo;
  }

  private build(firstYear: number, lastYear: number): void {
    const changes: number[] = [];
    const masks: number[] = [];
    let previousMask: number | null = null;
    const endWall = Date.UTC(lastYear + 1, 0, 1);
    let dayUtc = this.clock.utcAt(Date.UTC(firstYear, 0, 1));
    const coverFrom = dayUtc;
    for (let dayWall: WallTimeMs = Date.UTC(firstYear, 0, 1); dayWall < endWall; dayWall += MS_PER_DAY) {
      const nextDayUtc = this.clock.utcAt(dayWall + MS_PER_DAY);
      const regularDay = nextDayUtc - dayUtc === MS_PER_DAY; // no DST shift today: wall and UTC move together
      for (const timeOfDay of this.breakpoints) {
        const mask = this.activeMask(dayWall, timeOfDay);
        if (mask === previousMask) continue;
        changes.push(regularDay ? dayUtc + timeOfDay : this.clock.utcAt(dayWall + timeOfDay));
        masks.push(mask);
        previousMask = mask;
      }
      dayUtc = nextDayUtc;
    }
    this.changeAt = Float64Array.from(changes);
    this.masks = Int32Array.from(masks);
    this.count = changes.length;
    this.coverFrom = coverFrom;
    this.coverTo = dayUtc;
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.indexDays();
  }

  private activeMask(dayWall: WallTimeMs, timeOfDay: number): number {
    let mask = 0;
    for (const timing of this.timings) if (timing.isActiveAt(dayWall, timeOfDay)) mask |= timing.mask;
    return mask;
  }

  private indexDays(): void {
    this.firstDay = Math.floor(this.coverFrom / MS_PER_DAY);
    const days = Math.floor((this.coverTo - 1) / MS_PER_DAY) - this.firstDay + 1;
    this.dayIndex = new Int32Array(days);
    let index = 0;
    for (let day = 0; day < days; day++) {
      const dayStart = Math.max((this.firstDay + day) * MS_PER_DAY, this.coverFrom);
      index = this.advance(index, dayStart);
      this.dayIndex[day] = index;
    }
  }
}
