import { RatingOutcome } from './rating-outcome';
import { lagos, plan, rate, rateCall } from '../testing/fixtures';

// Every example prices 0.06 per 60 s, i.e. 0.001 (1_000_000 nanos) per billed second, on a Wednesday
// afternoon with no timings, so only the increments vary.
const noon = lagos('2025-03-05T12:00:00');

function costAndBilled(initialIncrement: number, subsequentIncrement: number, durationSeconds: number) {
  const ratingPlan = plan({ rates: [rate({ id: 'ng', initialIncrement, subsequentIncrement })] });
  const call = rateCall(ratingPlan, noon, durationSeconds);
  return { cost: call.cost, billed: call.billedSeconds };
}

describe('billing increments', () => {
  it('60/60 bills whole minutes', () => {
    expect(costAndBilled(60, 60, 1)).toEqual({ billed: 60, cost: 60_000_000 }); // 1 s -> 60 s -> 0.06
    expect(costAndBilled(60, 60, 60)).toEqual({ billed: 60, cost: 60_000_000 }); // exactly one minute
    expect(costAndBilled(60, 60, 61)).toEqual({ billed: 120, cost: 120_000_000 }); // 61 s -> 2 min -> 0.12
  });

  it('30/6 bills a 30 s minimum, then 6 s steps', () => {
    expect(costAndBilled(30, 6, 1)).toEqual({ billed: 30, cost: 30_000_000 }); // 30 s -> 0.03
    expect(costAndBilled(30, 6, 30)).toEqual({ billed: 30, cost: 30_000_000 });
    expect(costAndBilled(30, 6, 31)).toEqual({ billed: 36, cost: 36_000_000 }); // 30 + 6 -> 0.036
    expect(costAndBilled(30, 6, 37)).toEqual({ billed: 42, cost: 42_000_000 }); // 30 + 2*6 -> 0.042
  });

  it('1/1 bills per second, rounding a fraction of a second up', () => {
    expect(costAndBilled(1, 1, 61)).toEqual({ billed: 61, cost: 61_000_000 }); // 0.061
    expect(costAndBilled(1, 1, 0.2)).toEqual({ billed: 1, cost: 1_000_000 }); // 0.2 s -> 1 s -> 0.001
    expect(costAndBilled(1, 1, 12.001)).toEqual({ billed: 13, cost: 13_000_000 });
  });

  it('60/1 bills a first minute, then per second', () => {
    expect(costAndBilled(60, 1, 10)).toEqual({ billed: 60, cost: 60_000_000 }); // 0.06
    expect(costAndBilled(60, 1, 61)).toEqual({ billed: 61, cost: 61_000_000 }); // 0.061
    expect(costAndBilled(60, 1, 125)).toEqual({ billed: 125, cost: 125_000_000 });
  });
});

describe('connect fee and rounding', () => {
  // 0.025 per 60 s, 1/1, connect fee 0.0105, rounded to 2 decimals.
  // 7 s: 7 * 0.025 / 60 = 0.0029166.. ; + 0.0105 = 0.0134166..
  it.each([
    ['up', 20_000_000], // 0.02
    ['down', 10_000_000], // 0.01
    ['half-up', 10_000_000], // 0.0134.. < 0.015 -> 0.01
    ['half-even', 10_000_000],
  ] as const)('adds the connect fee once and rounds the total %s', (method, expected) => {
    const ratingPlan = plan({
      rounding: { method, decimals: 2 },
      rates: [rate({ id: 'ng', pricePerUnit: '0.025', initialIncrement: 1, subsequentIncrement: 1, connectFee: '0.0105' })],
    });
    const call = rateCall(ratingPlan, noon, 7);
    expect(call.cost).toBe(expected);
    expect(call.connectFee).toBe(10_500_000);
  });

  // 0.06 per 60 s, 1/1, connect fee 0.005: 20 s -> 0.02 + 0.005 = 0.025 exactly, a tie at 2 decimals.
  it.each([
    ['up', 30_000_000],
    ['down', 20_000_000],
    ['half-up', 30_000_000],
    ['half-even', 20_000_000], // 0.025 -> 0.02 (2 is even)
  ] as const)('breaks an exact tie with %s', (method, expected) => {
    const ratingPlan = plan({
      rounding: { method, decimals: 2 },
      rates: [rate({ id: 'ng', initialIncrement: 1, subsequentIncrement: 1, connectFee: '0.005' })],
    });
    expect(rateCall(ratingPlan, noon, 20).cost).toBe(expected);
  });

  it('lets a rate override the plan rounding', () => {
    const ratingPlan = plan({
      rounding: { method: 'down', decimals: 2 },
      rates: [rate({ id: 'ng', pricePerUnit: '0.025', initialIncrement: 1, subsequentIncrement: 1, connectFee: '0.0105', rounding: { method: 'up', decimals: 3 } })],
    });
    expect(rateCall(ratingPlan, noon, 7).cost).toBe(14_000_000); // 0.0134166.. up to 3 decimals -> 0.014
  });
});

describe('minimum and maximum cost', () => {
  const limited = plan({
    rates: [rate({ id: 'ng', initialIncrement: 1, subsequentIncrement: 1, connectFee: '0.10', minCost: '0.15', maxCost: '1.00' })],
  });

  it('raises a short call to the minimum (connect fee included)', () => {
    expect(rateCall(limited, noon, 10).cost).toBe(150_000_000); // 0.10 + 0.01 = 0.11 -> 0.15
    expect(rateCall(limited, noon, 70).cost).toBe(170_000_000); // 0.10 + 0.07 = 0.17, above the minimum
  });

  it('caps a long call at the maximum', () => {
    expect(rateCall(limited, noon, 900).cost).toBe(1_000_000_000); // 0.10 + 0.90 = 1.00, exactly the cap
    expect(rateCall(limited, noon, 3600).cost).toBe(1_000_000_000); // 0.10 + 3.60 -> 1.00
  });
});

describe('sub-cent rates are exact', () => {
  // 0.001 per 60 s billed per second: one second costs 0.0000166.., never a whole number of nanos.
  const tiny = (decimals: number, method: 'half-up' | 'up' = 'half-up') =>
    plan({ rounding: { method, decimals }, rates: [rate({ id: 'ng', pricePerUnit: '0.001', initialIncrement: 1, subsequentIncrement: 1 })] });

  it('rounds only the final sum', () => {
    expect(rateCall(tiny(9), noon, 1).cost).toBe(16_667); // 0.0000166666.. -> 0.000016667
    expect(rateCall(tiny(9), noon, 3).cost).toBe(50_000); // 3/60 of 0.001 = 0.00005 exactly, no drift
    expect(rateCall(tiny(9), noon, 60).cost).toBe(1_000_000); // 0.001
    expect(rateCall(tiny(9), noon, 61).cost).toBe(1_016_667); // 0.0010166.. -> 0.001016667
    expect(rateCall(tiny(6, 'up'), noon, 1).cost).toBe(17_000); // 0.0000166.. up to 6 decimals -> 0.000017
  });

  it('adds decimal prices without binary float error', () => {
    // 0.1 per second for 3 s is 0.3, where 0.1 + 0.1 + 0.1 in floats is 0.30000000000000004.
    const ratingPlan = plan({ rates: [rate({ id: 'ng', pricePerUnit: '0.1', unitSeconds: 1, initialIncrement: 1, subsequentIncrement: 1 })] });
    expect(rateCall(ratingPlan, noon, 3).cost).toBe(300_000_000);
  });

  it('recomputes with bigint when exact intermediates outgrow 2^53', () => {
    // 5_000 (say VND) per minute billed per second for 50_000 s: 50_000 * 5_000 / 60 = 4_166_666.66..
    // The cost fits in nanos (4.2e15 < 2^53) but the exact sum, kept over the denominator 3
    // (5e12 nanos / 60 s = 250e9 / 3 per second), reaches 1.25e16.
    const ratingPlan = plan({
      rounding: { method: 'half-up', decimals: 0 },
      rates: [rate({ id: 'ng', pricePerUnit: '5000', initialIncrement: 1, subsequentIncrement: 1 })],
    });
    expect(rateCall(ratingPlan, noon, 50_000).cost).toBe(4_166_667 * 1_000_000_000);
  });

  it('reports a cost beyond 2^53 nanos as unratable instead of rounding it', () => {
    const ratingPlan = plan({ rates: [rate({ id: 'ng', pricePerUnit: '1000000', initialIncrement: 1, subsequentIncrement: 1 })] });
    const result = ratingPlan.rate({ calledNumber: '234803', startedAtMs: noon, durationSeconds: 600 }); // 10 million units
    expect(result).toMatchObject({ rated: false, reason: 'cost_out_of_range' });
  });
});

describe('zero-duration and invalid calls', () => {
  const ratingPlan = plan({ rates: [rate({ id: 'ng', connectFee: '0.05', minCost: '0.10' })] });

  it('charges an answered zero-second call its connect fee only: no increment, no minimum', () => {
    const call = rateCall(ratingPlan, noon, 0);
    expect(call).toMatchObject({ cost: 50_000_000, connectFee: 50_000_000, billedSeconds: 0, segments: [], rateIds: ['ng'] });
  });

  it.each([-1, Number.NaN, Infinity, 8 * 86_400])('rejects duration %p as invalid_duration', (durationSeconds) => {
    expect(ratingPlan.rate({ calledNumber: '234803', startedAtMs: noon, durationSeconds })).toMatchObject({ rated: false, reason: 'invalid_duration' });
  });

  it('rejects a start time that is not an epoch timestamp', () => {
    expect(ratingPlan.rate({ calledNumber: '234803', startedAtMs: Number.NaN, durationSeconds: 10 })).toMatchObject({ rated: false, reason: 'invalid_start_time' });
  });
});

describe('rateInto', () => {
  it('rates into a reusable scratch without building result objects', () => {
    const ratingPlan = plan({ rates: [rate({ id: 'ng', initialIncrement: 30, subsequentIncrement: 6 })] });
    const scratch = ratingPlan.createScratch();
    expect(ratingPlan.rateInto(scratch, '+2348031234567', noon, 37)).toBe(true);
    expect({ cost: scratch.cost, segments: scratch.segmentCount, billedMs: scratch.segmentBilledMs[0] }).toEqual({ cost: 42_000_000, segments: 1, billedMs: 42_000 });
    expect(ratingPlan.rateInto(scratch, '+449', noon, 37)).toBe(false);
    expect(scratch.outcome).toBe(RatingOutcome.NoMatchingPrefix);
  });

  it('refuses a scratch created by another plan', () => {
    const other = plan({ rates: [rate({ id: 'ng' })] });
    const ratingPlan = plan({ rates: [rate({ id: 'ng' })] });
    expect(() => ratingPlan.rateInto(other.createScratch(), '234', noon, 1)).toThrow(/another plan/);
  });
});
