import { lagos, plan, rate, rateCall } from '../testing/fixtures';

const noon = lagos('2025-03-05T12:00:00');

describe('longest-prefix match', () => {
  const nigeria = plan({
    destinations: [
      { name: 'NG', prefixes: ['234'] },
      { name: 'NG-Mobile', prefixes: ['2348'] },
      { name: 'NG-MTN', prefixes: ['234803', '234806'] },
      { name: 'NG-Unpriced', prefixes: ['2347'] },
    ],
    rates: [rate({ id: 'ng' }), rate({ id: 'mobile', destination: 'NG-Mobile' }), rate({ id: 'mtn', destination: 'NG-MTN' })],
  });

  it.each([
    ['+234 803 123 4567', 'NG-MTN', '234803'],
    ['00 234-806-123-4567', 'NG-MTN', '234806'],
    ['2348091234567', 'NG-Mobile', '2348'],
    ['2341234567', 'NG', '234'],
    ['2347012345', 'NG', '234'], // NG-Unpriced has no rates, so its prefix does not capture the call
  ])('rates %j as %s via prefix %s', (calledNumber, destination, matchedPrefix) => {
    expect(rateCall(nigeria, noon, 60, calledNumber)).toMatchObject({ destination, matchedPrefix });
  });

  it('reports numbers no prefix matches, and numbers that are not numbers', () => {
    expect(nigeria.rate({ calledNumber: '+44 20 7946 0000', startedAtMs: noon, durationSeconds: 60 })).toMatchObject({ rated: false, reason: 'no_matching_prefix' });
    expect(nigeria.rate({ calledNumber: '234803*123', startedAtMs: noon, durationSeconds: 60 })).toMatchObject({ rated: false, reason: 'invalid_number' });
    expect(nigeria.rate({ calledNumber: '', startedAtMs: noon, durationSeconds: 60 })).toMatchObject({ rated: false, reason: 'invalid_number' });
  });
});

describe('destinations sharing a prefix', () => {
  // "44" belongs to both zones; the rest of the rule decides deterministically.
  const zones = (weightA: number, weightB: number, activeFromA?: string) =>
    plan({
      destinations: [
        { name: 'Zone-B', prefixes: ['44'], weight: weightB },
        { name: 'Zone-A', prefixes: ['44'], weight: weightA },
      ],
      rates: [
        rate({ id: 'a', destination: 'Zone-A', ...(activeFromA && { activeFrom: activeFromA }) }),
        rate({ id: 'b', destination: 'Zone-B' }),
      ],
    });
  const winner = (ratingPlan: ReturnType<typeof zones>) => rateCall(ratingPlan, noon, 60, '+442079460000').destination;

  it('prefers the higher plan-defined weight', () => {
    expect(winner(zones(0, 5))).toBe('Zone-B');
    expect(winner(zones(5, 0))).toBe('Zone-A');
  });

  it('breaks equal weights by destination name, whatever the order of definition', () => {
    expect(winner(zones(0, 0))).toBe('Zone-A');
  });

  it('skips a tied destination with no rate in force', () => {
    expect(winner(zones(5, 0, '2030-01-01'))).toBe('Zone-B');
  });
});
