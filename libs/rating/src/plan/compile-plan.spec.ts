import { compileRatingPlan } from './compile-plan';
import type { RatingPlanData } from './plan-data';
import { RatingPlanError } from './plan-error';
import { planData, rate } from '../testing/fixtures';

function issuesOf(data: RatingPlanData): Record<string, string> {
  try {
    compileRatingPlan(data);
  } catch (error) {
    if (!(error instanceof RatingPlanError)) throw error;
    return Object.fromEntries(error.issues.map((issue) => [issue.path, issue.message]));
  }
  throw new Error('expected the plan to be rejected');
}

describe('compileRatingPlan', () => {
  it('compiles a valid plan into an immutable RatingPlan', () => {
    const ratingPlan = compileRatingPlan(planData({ rates: [rate({ id: 'ng' })] }));
    expect(ratingPlan).toMatchObject({ id: 'test-plan', currency: 'USD', timezone: 'Africa/Lagos', rateCount: 1, prefixCount: 1 });
    expect(Object.isFrozen(ratingPlan)).toBe(true);
  });

  it('names every bad field of the plan header', () => {
    const issues = issuesOf(planData({ id: '', currency: 'XYZ', timezone: 'Mars/Olympus', rounding: { method: 'nearest' as never, decimals: 12 } }));
    expect(Object.keys(issues)).toEqual(expect.arrayContaining(['id', 'currency', 'timezone', 'rounding.method', 'rounding.decimals']));
    expect(issues.timezone).toMatch(/Mars\/Olympus/);
  });

  it('names every bad field of a rate', () => {
    const issues = issuesOf(
      planData({
        rates: [
          rate({
            id: 'bad',
            destination: 'Atlantis',
            timing: 'lunch',
            pricePerUnit: '-0.01',
            unitSeconds: 0,
            initialIncrement: 1.5,
            subsequentIncrement: 90_000,
            connectFee: '0.0000000001',
            activeFrom: '2025-02-30',
          }),
        ],
      }),
    );
    expect(Object.keys(issues).sort()).toEqual(
      [
        'rates[0].destination',
        'rates[0].timing',
        'rates[0].pricePerUnit',
        'rates[0].unitSeconds',
        'rates[0].initialIncrement',
        'rates[0].subsequentIncrement',
        'rates[0].connectFee',
        'rates[0].activeFrom',
      ].sort(),
    );
    expect(issues['rates[0].destination']).toBe('unknown destination "Atlantis"');
  });

  it('rejects limits below the rounding precision, inverted limits and duplicate schedules', () => {
    const issues = issuesOf(
      planData({
        rounding: { method: 'up', decimals: 2 },
        rates: [
          rate({ id: 'a', minCost: '0.005' }),
          rate({ id: 'b', minCost: '0.50', maxCost: '0.10', activeFrom: '2024-01-01' }),
          rate({ id: 'c', activeFrom: '2025-01-01' }),
          rate({ id: 'd', activeFrom: '2025-01-01T00:00' }),
          rate({ id: 'c', activeFrom: '2026-01-01' }),
        ],
      }),
    );
    expect(issues['rates[0].minCost']).toMatch(/more than 2 decimals/);
    expect(issues['rates[1].maxCost']).toMatch(/below minCost/);
    expect(issues['rates[3]']).toMatch(/rates\[2\] already prices destination "NG" for timing "\*any" from the same instant/);
    expect(issues['rates[4].id']).toMatch(/duplicate rate id "c"/);
  });

  it('validates timings, destinations and bundles', () => {
    const issues = issuesOf(
      planData({
        destinations: [{ name: 'NG', prefixes: ['234', '23a'] }, { name: 'NG', prefixes: ['1'] }],
        timings: [
          { id: 'night', weight: 1, startTime: '22:00', endTime: '06:00' },
          { id: 'odd', weight: 1, weekdays: [7], dates: ['2025-13-01'], startTime: '25:00' },
        ],
        bundles: [{ id: 'b', destinations: ['Nowhere'], seconds: 0 }],
        rates: [rate({ id: 'ng' })],
      }),
    );
    expect(issues['destinations[0].prefixes[1]']).toMatch(/"23a"/);
    expect(issues['destinations[1].name']).toMatch(/duplicate destination/);
    expect(issues['timings[0].endTime']).toMatch(/split a period across midnight/);
    expect(Object.keys(issues)).toEqual(expect.arrayContaining(['timings[1].weekdays[0]', 'timings[1].dates[0]', 'timings[1].startTime']));
    expect(issues['bundles[0].destinations[0]']).toMatch(/unknown destination "Nowhere"/);
    expect(issues['bundles[0].seconds']).toMatch(/positive/);
  });

  it('names wrongly shaped lists (JSON from the API) instead of crashing on them', () => {
    const shaped = JSON.parse('{"destinations":[{"name":"NG","prefixes":"234"}],"timings":[{"id":"t","weight":1,"weekdays":"mon","dates":5}],"bundles":[{"id":"b","destinations":"NG","seconds":60}]}');
    const issues = issuesOf(planData({ ...shaped, rates: [rate({ id: 'ng' })] }));
    expect(issues['destinations[0].prefixes']).toMatch(/list/);
    expect(issues['timings[0].weekdays']).toMatch(/list/);
    expect(issues['timings[0].dates']).toMatch(/list/);
    expect(issues['bundles[0].destinations']).toMatch(/list/);
  });

  it('limits a plan to 31 timings of its own', () => {
    const timings = Array.from({ length: 32 }, (_, index) => ({ id: `t${index}`, weight: index }));
    expect(issuesOf(planData({ timings, rates: [rate({ id: 'ng' })] })).timings).toMatch(/at most 31/);
  });
});
