import { lagos, plan, rate, rateCall } from '../testing/fixtures';

// Off-peak goes from 0.02 to 0.03 per minute on 1 April 2025 (Lagos midnight); peak stays 0.06.
const scheduled = plan({
  timings: [{ id: 'peak', weight: 10, weekdays: [1, 2, 3, 4, 5], startTime: '08:00', endTime: '18:00' }],
  rates: [
    rate({ id: 'ng-offpeak', pricePerUnit: '0.02' }),
    rate({ id: 'ng-offpeak-april', pricePerUnit: '0.03', activeFrom: '2025-04-01' }),
    rate({ id: 'ng-peak', timing: 'peak', pricePerUnit: '0.06' }),
  ],
});

describe('scheduled rate changes', () => {
  it('applies each rate from its activation date on', () => {
    expect(rateCall(scheduled, lagos('2025-03-19T20:00:00'), 60).rateIds).toEqual(['ng-offpeak']);
    expect(rateCall(scheduled, lagos('2025-04-02T20:00:00'), 60)).toMatchObject({ rateIds: ['ng-offpeak-april'], cost: 30_000_000 });
  });

  it('replaces only the rate of the same timing', () => {
    expect(rateCall(scheduled, lagos('2025-03-19T12:00:00'), 60)).toMatchObject({ rateIds: ['ng-peak'], cost: 60_000_000 });
    expect(rateCall(scheduled, lagos('2025-04-02T12:00:00'), 60)).toMatchObject({ rateIds: ['ng-peak'], cost: 60_000_000 });
  });

  it('splits a call running over the activation instant', () => {
    // Mon 31 Mar 23:59 + 120 s: one minute at 0.02, then from Tue 1 Apr 00:00 one minute at 0.03.
    const call = rateCall(scheduled, lagos('2025-03-31T23:59:00'), 120);
    expect(call).toMatchObject({ cost: 50_000_000, rateIds: ['ng-offpeak', 'ng-offpeak-april'] });
    expect(call.segments[1].startedAtMs).toBe(lagos('2025-04-01T00:00:00'));
  });

  it('reads an activation with an explicit offset as an absolute instant', () => {
    const utcChange = plan({
      rates: [rate({ id: 'old', pricePerUnit: '0.02' }), rate({ id: 'new', pricePerUnit: '0.03', activeFrom: '2025-04-01T00:00:00Z' })],
    });
    expect(rateCall(utcChange, lagos('2025-04-01T00:30:00'), 60).rateIds).toEqual(['old']); // 23:30Z on 31 Mar
    expect(rateCall(utcChange, lagos('2025-04-01T01:00:00'), 60).rateIds).toEqual(['new']);
  });

  it('falls back to a shorter prefix while a new destination is not yet active', () => {
    const newRange = plan({
      destinations: [
        { name: 'NG', prefixes: ['234'] },
        { name: 'NG-New-Range', prefixes: ['234809'] },
      ],
      rates: [rate({ id: 'ng' }), rate({ id: 'ng-new', destination: 'NG-New-Range', activeFrom: '2025-06-01' })],
    });
    expect(rateCall(newRange, lagos('2025-05-01T12:00:00'), 60, '2348091234567')).toMatchObject({ destination: 'NG', matchedPrefix: '234' });
    expect(rateCall(newRange, lagos('2025-06-02T12:00:00'), 60, '2348091234567')).toMatchObject({ destination: 'NG-New-Range', matchedPrefix: '234809' });
  });

  it('reports no_active_rate before a destination has any rate in force', () => {
    const future = plan({ rates: [rate({ id: 'ng', activeFrom: '2030-01-01' })] });
    expect(future.rate({ calledNumber: '234803', startedAtMs: lagos('2025-05-01T12:00:00'), durationSeconds: 60 })).toMatchObject({
      rated: false,
      reason: 'no_active_rate',
    });
  });
});
