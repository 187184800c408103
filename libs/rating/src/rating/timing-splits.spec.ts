import type { RateData, TimingData } from '../plan/plan-data';
import { lagos, plan, rate, rateCall } from '../testing/fixtures';

// Lagos local times (UTC+1). Prices per 60 s: off-peak 0.02, peak 0.06 (Mon-Fri 08:00-18:00),
// weekend 0.01, holiday 0.005 (25 Dec 2025, 1 Jan 2026). Higher weight wins where timings overlap.
const timings: TimingData[] = [
  { id: 'peak', weight: 10, weekdays: [1, 2, 3, 4, 5], startTime: '08:00', endTime: '18:00' },
  { id: 'weekend', weight: 20, weekdays: [0, 6] },
  { id: 'holiday', weight: 30, dates: ['2025-12-25', '2026-01-01'] },
];

function ngRates(increments: Partial<RateData> = {}): RateData[] {
  return [
    rate({ id: 'ng-offpeak', pricePerUnit: '0.02', ...increments }),
    rate({ id: 'ng-peak', timing: 'peak', pricePerUnit: '0.06', ...increments }),
    rate({ id: 'ng-weekend', timing: 'weekend', pricePerUnit: '0.01', ...increments }),
    rate({ id: 'ng-holiday', timing: 'holiday', pricePerUnit: '0.005', ...increments }),
  ];
}

const sixtySixty = plan({ timings, rates: ngRates() });
const thirtySix = plan({ timings, rates: ngRates({ initialIncrement: 30, subsequentIncrement: 6 }) });

describe('calls crossing a timing boundary', () => {
  it('splits peak -> off-peak at 18:00; with 60/60 the block straddling 18:00 stays peak', () => {
    // Wed 17:59:30 + 150 s (ends 18:02:00). Blocks start 17:59:30 (peak), 18:00:30 and 18:01:30 (off-peak):
    // 0.06 + 2 * 0.02 = 0.10 for 180 billed seconds, as CGRateS stretches the first timespan to its increment.
    const call = rateCall(sixtySixty, lagos('2025-03-05T17:59:30'), 150);
    expect(call.cost).toBe(100_000_000);
    expect(call.rateIds).toEqual(['ng-peak', 'ng-offpeak']);
    expect(call.segments).toEqual([
      { startedAtMs: lagos('2025-03-05T17:59:30'), seconds: 60, billedSeconds: 60, rateId: 'ng-peak', bundleId: null, cost: 60_000_000 },
      { startedAtMs: lagos('2025-03-05T18:00:30'), seconds: 90, billedSeconds: 120, rateId: 'ng-offpeak', bundleId: null, cost: 40_000_000 },
    ]);
  });

  it('continues the increments across the split: the 30 s initial increment is billed once per call', () => {
    // 17:59:30 + 150 s with 30/6: initial 30 s block ends exactly at 18:00 (peak, 0.03), then 120 s of
    // off-peak in 6 s steps (0.04): 0.07.
    expect(rateCall(thirtySix, lagos('2025-03-05T17:59:30'), 150).cost).toBe(70_000_000);

    // 17:59:50 + 100 s: the initial block 17:59:50-18:00:20 started in peak (0.03); the remaining 70 s
    // are billed as 12 off-peak 6 s steps = 72 s (0.024): 0.054.
    const call = rateCall(thirtySix, lagos('2025-03-05T17:59:50'), 100);
    expect(call.cost).toBe(54_000_000);
    expect(call.segments.map(({ seconds, billedSeconds, rateId }) => ({ seconds, billedSeconds, rateId }))).toEqual([
      { seconds: 30, billedSeconds: 30, rateId: 'ng-peak' },
      { seconds: 70, billedSeconds: 72, rateId: 'ng-offpeak' },
    ]);
  });

  it('splits at midnight into the weekend', () => {
    // Fri 23:58 + 300 s: two off-peak minutes (0.04) then three Saturday minutes (0.03): 0.07.
    const call = rateCall(sixtySixty, lagos('2025-03-07T23:58:00'), 300);
    expect(call.cost).toBe(70_000_000);
    expect(call.segments.map((segment) => [segment.startedAtMs, segment.rateId])).toEqual([
      [lagos('2025-03-07T23:58:00'), 'ng-offpeak'],
      [lagos('2025-03-08T00:00:00'), 'ng-weekend'],
    ]);
  });

  it('splits at midnight into a holiday', () => {
    // Wed 24 Dec 23:59 + 120 s: one off-peak minute (0.02) and one Christmas minute (0.005).
    expect(rateCall(sixtySixty, lagos('2025-12-24T23:59:00'), 120).cost).toBe(25_000_000);
  });

  it('lets the heavier holiday timing win over peak', () => {
    // Thu 25 Dec 07:59 + 120 s: both minutes at the holiday price although 08:00 starts peak: 0.01.
    expect(rateCall(sixtySixty, lagos('2025-12-25T07:59:00'), 120).cost).toBe(10_000_000);
    // The Thursday before: off-peak then peak, 0.02 + 0.06.
    expect(rateCall(sixtySixty, lagos('2025-12-18T07:59:00'), 120).cost).toBe(80_000_000);
  });

  it('takes the connect fee once, from the rate in force when the call started', () => {
    const withFee = plan({
      timings,
      rates: [rate({ id: 'ng-offpeak', pricePerUnit: '0.02' }), rate({ id: 'ng-peak', timing: 'peak', pricePerUnit: '0.06', connectFee: '0.01' })],
    });
    expect(rateCall(withFee, lagos('2025-03-05T07:59:00'), 120).cost).toBe(80_000_000); // 0.02 + 0.06, no fee
    expect(rateCall(withFee, lagos('2025-03-05T17:59:00'), 120).cost).toBe(90_000_000); // 0.01 + 0.06 + 0.02
  });

  it('fails a call that runs into a period its destination has no rate for', () => {
    const peakOnly = plan({ timings, rates: [rate({ id: 'ng-peak', timing: 'peak' })] });
    expect(peakOnly.rate({ calledNumber: '234803', startedAtMs: lagos('2025-03-05T17:59:00'), durationSeconds: 120 })).toEqual({
      rated: false,
      reason: 'no_active_rate',
      message: 'destination "NG" has no rate in force at 2025-03-05T17:00:00.000Z',
    });
    expect(peakOnly.rate({ calledNumber: '234803', startedAtMs: lagos('2025-03-05T20:00:00'), durationSeconds: 10 })).toMatchObject({
      rated: false,
      reason: 'no_active_rate',
    });
  });
});

describe('plan time zones', () => {
  const peakPlan = (timezone: string, extra: TimingData[] = []) =>
    plan({
      timezone,
      timings: [{ id: 'peak', weight: 10, weekdays: [1, 2, 3, 4, 5], startTime: '08:00', endTime: '18:00' }, ...extra],
      rates: [
        rate({ id: 'off', pricePerUnit: '0.02', initialIncrement: 1, subsequentIncrement: 1 }),
        rate({ id: 'peak', timing: 'peak', pricePerUnit: '0.06', initialIncrement: 1, subsequentIncrement: 1 }),
      ],
    });

  it('reads timings in local time across DST: 18:00 in London is 17:00Z in summer, 18:00Z in winter', () => {
    const london = peakPlan('Europe/London');
    // Mon 31 Mar 2025 (BST): 30 s of peak (0.03) then 30 s off-peak (0.01).
    expect(rateCall(london, Date.parse('2025-03-31T16:59:30Z'), 60).cost).toBe(40_000_000);
    // Fri 28 Mar 2025 (GMT): 16:59:30 local, all peak.
    expect(rateCall(london, Date.parse('2025-03-28T16:59:30Z'), 60).cost).toBe(60_000_000);
  });

  it('handles half-hour offsets: 18:00 in Kolkata is 12:30Z', () => {
    expect(rateCall(peakPlan('Asia/Kolkata'), Date.parse('2025-03-05T12:29:30Z'), 60).cost).toBe(40_000_000);
  });

  it('places boundaries correctly on the days clocks change', () => {
    const evening: TimingData = { id: 'evening', weight: 20, startTime: '18:00' };
    const london = plan({
      timezone: 'Europe/London',
      timings: [evening],
      rates: [
        rate({ id: 'off', pricePerUnit: '0.02', initialIncrement: 1, subsequentIncrement: 1 }),
        rate({ id: 'evening', timing: 'evening', pricePerUnit: '0.06', initialIncrement: 1, subsequentIncrement: 1 }),
      ],
    });
    // Sun 30 Mar 2025 is 23 hours long; its 18:00 is 17:00Z: 30 s at 0.02 + 30 s at 0.06.
    expect(rateCall(london, Date.parse('2025-03-30T16:59:30Z'), 60).cost).toBe(40_000_000);
    // Sun 26 Oct 2025 is 25 hours long; its 18:00 is 18:00Z.
    expect(rateCall(london, Date.parse('2025-10-26T17:59:30Z'), 60).cost).toBe(40_000_000);
    expect(rateCall(london, Date.parse('2025-10-26T16:59:30Z'), 60).cost).toBe(20_000_000);
  });
});
