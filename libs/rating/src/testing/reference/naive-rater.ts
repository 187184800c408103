// A deliberately naive, independent implementation of the same rating rules, used as the benchmark's
// baseline and as an oracle in tests. It shares no code with the fast path: it scans every prefix,
// asks Intl for the local time of every billing block, and sums costs with decimal.js.
// Do not use it to rate real traffic.

import Decimal from 'decimal.js';
import type { RateData, RatingPlanData, TimingData } from '../../plan/plan-data';

const ROUNDING: Record<string, Decimal.Rounding> = {
  up: Decimal.ROUND_UP,
  down: Decimal.ROUND_DOWN,
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
};
const Exact = Decimal.clone({ precision: 60 });

export type NaiveResult = { rated: true; cost: string; destination: string; billedSeconds: number } | { rated: false; reason: string };

interface LocalTime {
  weekday: number;
  date: string;
  secondOfDay: number;
}

export class NaiveRater {
  private readonly format: Intl.DateTimeFormat;
  private readonly ratesByDestination = new Map<string, RateData[]>();
  private readonly activations = new Map<RateData, number>();

  constructor(private readonly plan: RatingPlanData) {
    this.format = new Intl.DateTimeFormat('en-CA', {
      timeZone: plan.timezone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    for (const rate of plan.rates) {
      this.ratesByDestination.set(rate.destination, [...(this.ratesByDestination.get(rate.destination) ?? []), rate]);
      this.activations.set(rate, this.placeActivation(rate));
    }
  }

  rate(calledNumber: string, startedAtMs: number, durationSeconds: number): NaiveResult {
    const digits = calledNumber.replace(/[\s-]/g, '').replace(/^\+/, '').replace(/^00/, '');
    if (!/^\d+$/.test(digits)) return { rated: false, reason: 'invalid_number' };
    const candidates: { name: string; prefix: string; weight: number }[] = [];
    for (const destination of this.plan.destinations) {
      if (!this.ratesByDestination.has(destination.name)) continue;
      for (const prefix of destination.prefixes) {
        if (digits.startsWith(prefix)) candidates.push({ name: destination.name, prefix, weight: destination.weight ?? 0 });
      }
    }
    if (candidates.length === 0) return { rated: false, reason: 'no_matching_prefix' };
    candidates.sort((a, b) => b.prefix.length - a.prefix.length || b.weight - a.weight || (a.name < b.name ? -1 : 1));
    const chosen = candidates.find((candidate) => this.rateAt(candidate.name, startedAtMs) !== null);
    if (!chosen) return { rated: false, reason: 'no_active_rate' };

    const head = this.rateAt(chosen.name, startedAtMs)!;
    const durationMs = Math.round(durationSeconds * 1000);
    let usage = new Exact(0);
    let position = 0;
    while (position < durationMs) {
      const rate = this.rateAt(chosen.name, startedAtMs + position);
      if (rate === null) return { rated: false, reason: 'no_active_rate' };
      const blockSeconds = position === 0 ? rate.initialIncrement : rate.subsequentIncrement;
      usage = usage.plus(new Exact(rate.pricePerUnit).times(blockSeconds).dividedBy(rate.unitSeconds));
      position += blockSeconds * 1000;
    }
    let total = usage.plus(head.connectFee ?? '0');
    if (durationMs > 0 && head.minCost !== undefined) total = Exact.max(total, head.minCost);
    if (head.maxCost !== undefined) total = Exact.min(total, head.maxCost);
    const rounding = head.rounding ?? this.plan.rounding;
    // Snap away the last-digit noise of the repeating decimals before the real rounding.
    const cost = total.toDecimalPlaces(40, Decimal.ROUND_HALF_UP).toDecimalPlaces(rounding.decimals, ROUNDING[rounding.method]);
    return { rated: true, cost: cost.toFixed(), destination: chosen.name, billedSeconds: position / 1000 };
  }

  private rateAt(destination: string, utcMs: number): RateData | null {
    const local = this.localTime(utcMs);
    let best: { rate: RateData; timing: TimingData } | null = null;
    const rates = this.ratesByDestination.get(destination) ?? [];
    for (const rate of rates) {
      if (this.activation(rate) > utcMs) continue;
      const timing = this.timing(rate.timing);
      if (!matches(timing, local)) continue;
      const newerSameTiming = rates.some(
        (other) => other.timing === rate.timing && this.activation(other) <= utcMs && this.activation(other) > this.activation(rate),
      );
      if (newerSameTiming) continue;
      if (best === null || timing.weight > best.timing.weight || (timing.weight === best.timing.weight && timing.id < best.timing.id)) best = { rate, timing };
    }
    return best?.rate ?? null;
  }

  private timing(id: string | undefined): TimingData {
    return id === undefined ? { id: '*any', weight: 0 } : this.plan.timings!.find((timing) => timing.id === id)!;
  }

  private activation(rate: RateData): number {
    return this.activations.get(rate)!;
  }

  private placeActivation(rate: RateData): number {
    if (rate.activeFrom === undefined) return -Infinity;
    if (/Z$|[+-]\d\d:\d\d$/.test(rate.activeFrom)) return Date.parse(rate.activeFrom);
    // Local wall time: search the instant whose local rendering matches (naively, hour by hour then exact).
    const wall = Date.parse(`${rate.activeFrom.length === 10 ? `${rate.activeFrom}T00:00:00` : rate.activeFrom}Z`);
    for (let offsetMinutes = -14 * 60; offsetMinutes <= 14 * 60; offsetMinutes += 15) {
      const candidate = wall - offsetMinutes * 60_000;
      const local = this.localTime(candidate);
      const localWall = Date.parse(`${local.date}T00:00:00Z`) + local.secondOfDay * 1000;
      if (localWall === wall) return candidate;
    }
    throw new Error(`cannot place ${rate.activeFrom} in ${this.plan.timezone}`);
  }

  private localTime(utcMs: number): LocalTime {
    const parts = Object.fromEntries(this.format.formatToParts(utcMs).map((part) => [part.type, part.value]));
    return {
      weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday),
      date: `${parts.year}-${parts.month}-${parts.day}`,
      secondOfDay: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
    };
  }
}

function matches(timing: TimingData, local: LocalTime): boolean {
  const seconds = (text: string | undefined, fallback: number): number => {
    if (text === undefined) return fallback;
    const [hours, minutes, secs = '0'] = text.split(':');
    return Number(hours) * 3600 + Number(minutes) * 60 + Number(secs);
  };
  return (
    (timing.weekdays === undefined || timing.weekdays.includes(local.weekday)) &&
    (timing.dates === undefined || timing.dates.includes(local.date)) &&
    local.secondOfDay >= seconds(timing.startTime, 0) &&
    local.secondOfDay < seconds(timing.endTime, 86_400)
  );
}
