import { rateDeckToPlanData } from '../../deck/deck-to-plan';
import { parseRateDeck } from '../../deck/parse-rate-deck';
import { formatNanos } from '../../money/nanos';
import { compileRatingPlan } from '../../plan/compile-plan';
import { syntheticCdrs, syntheticDeck, type SyntheticDeckOptions } from '../synthetic-traffic';
import { NaiveRater } from './naive-rater';

// The fast rater must agree with the naive reference (linear prefix scan, Intl local time for every
// billing block, decimal.js sums) on every call of seeded random traffic: costs, destinations, billed
// time and unratable reasons. Traffic crosses peak/weekend/holiday boundaries and price changes.
describe.each([
  { timezone: 'Europe/London', windowStart: '2025-03-20', seed: 11 }, // spans the March DST change
  { timezone: 'Asia/Kolkata', windowStart: '2025-12-10', seed: 12 }, // +05:30, spans year end
])('fast rating agrees with the naive reference in $timezone', ({ timezone, windowStart, seed }) => {
  it('on 600 random calls', async () => {
    const options: SyntheticDeckOptions = { prefixes: 400, seed, timezone, windowStart, windowDays: 30 };
    const deck = syntheticDeck(options);
    const parsed = await parseRateDeck(deck.csv);
    const { data, errors } = rateDeckToPlanData(parsed.rows, deck.settings);
    expect([...parsed.errors, ...errors]).toEqual([]);
    const fast = compileRatingPlan(data);
    const naive = new NaiveRater(data);
    const cdrs = syntheticCdrs(deck, { ...options, count: 600, cdrSeed: seed * 7, boundaryShare: 0.6 });

    const disagreements: unknown[] = [];
    let crossing = 0;
    for (let index = 0; index < cdrs.numbers.length; index++) {
      const [number, start, duration] = [cdrs.numbers[index], cdrs.startedAtMs[index], cdrs.durationSeconds[index]];
      const result = fast.rate({ calledNumber: number, startedAtMs: start, durationSeconds: duration });
      const expected = naive.rate(number, start, duration);
      const actual = result.rated
        ? { rated: true, cost: formatNanos(result.cost), destination: result.destination, billedSeconds: result.billedSeconds }
        : { rated: false, reason: result.reason };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) disagreements.push({ number, start: new Date(start).toISOString(), duration, actual, expected });
      if (result.rated && result.rateIds.length > 1) crossing++;
    }
    expect(disagreements).toEqual([]);
    expect(crossing).toBeGreaterThanOrEqual(15); // the traffic really exercises split calls
  });
});
