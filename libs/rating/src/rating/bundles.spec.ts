import { lagos, plan, rate, rateCall, rated } from '../testing/fixtures';

// NG-Mobile: 0.06 per minute, 60/60, connect fee 0.05. Bundle "mobile-5" gives 300 s per period.
const noon = lagos('2025-03-05T12:00:00');
const mobile = '2348031234567';
const fixed = '2341234567';

function bundlePlan(initialIncrement = 60, subsequentIncrement = 60, extraBundles: { id: string; seconds: number }[] = []) {
  return plan({
    destinations: [
      { name: 'NG', prefixes: ['234'] },
      { name: 'NG-Mobile', prefixes: ['2348'] },
    ],
    rates: [
      rate({ id: 'fixed' }),
      rate({ id: 'mobile', destination: 'NG-Mobile', connectFee: '0.05', initialIncrement, subsequentIncrement }),
    ],
    bundles: [{ id: 'mobile-5', destinations: ['NG-Mobile'], seconds: 300 }, ...extraBundles.map((bundle) => ({ ...bundle, destinations: ['NG-Mobile'] }))],
  });
}

describe('bundles', () => {
  it('pays a call entirely from the bundle: no cost, no connect fee, usage returned', () => {
    const ratingPlan = bundlePlan();
    const usage = Object.freeze({});
    const call = rateCall(ratingPlan, noon, 120, mobile);
    const withUsage = ratingPlan.rate({ calledNumber: mobile, startedAtMs: noon, durationSeconds: 120 }, usage);
    expect(withUsage).toEqual(call);
    expect(call).toMatchObject({ cost: 0, connectFee: 0, bundleSeconds: 120, bundleUsage: { 'mobile-5': 120 } });
    expect(call.segments).toEqual([{ startedAtMs: noon, seconds: 120, billedSeconds: 120, rateId: 'mobile', bundleId: 'mobile-5', cost: 0 }]);
    expect(usage).toEqual({});
  });

  it('splits a call that exhausts the bundle: whole blocks from the bundle, the rest in money', () => {
    // 200 s used, 100 s left. A 250 s call is five 60 s blocks: the bundle pays one (60 s, 40 s stay
    // unused as they cannot pay a whole block), money pays four (0.24) plus the connect fee (0.05).
    const call = rated(bundlePlan().rate({ calledNumber: mobile, startedAtMs: noon, durationSeconds: 250 }, { 'mobile-5': 200 }));
    expect(call).toMatchObject({ cost: 290_000_000, connectFee: 50_000_000, bundleSeconds: 60, billedSeconds: 300, bundleUsage: { 'mobile-5': 260 } });
    expect(call.segments).toEqual([
      { startedAtMs: noon, seconds: 60, billedSeconds: 60, rateId: 'mobile', bundleId: 'mobile-5', cost: 0 },
      { startedAtMs: noon + 60_000, seconds: 190, billedSeconds: 240, rateId: 'mobile', bundleId: null, cost: 240_000_000 },
    ]);
  });

  it('uses the bundle to the second with 1/1 increments', () => {
    // 100 s left: the bundle pays 100 s, money 150 s (0.15) + connect fee 0.05 = 0.20; bundle now full used.
    const call = rated(bundlePlan(1, 1).rate({ calledNumber: mobile, startedAtMs: noon, durationSeconds: 250 }, { 'mobile-5': 200 }));
    expect(call).toMatchObject({ cost: 200_000_000, bundleSeconds: 100, bundleUsage: { 'mobile-5': 300 } });
  });

  it('moves on to the next bundle, in plan order', () => {
    // mobile-5 has 30 s left, too little for the 60 s initial block; "extra" (120 s) pays two blocks,
    // then mobile-5 cannot pay a 60 s block either, so the third minute is money: 0.06 + 0.05.
    const ratingPlan = bundlePlan(60, 60, [{ id: 'extra', seconds: 120 }]);
    const call = rated(ratingPlan.rate({ calledNumber: mobile, startedAtMs: noon, durationSeconds: 180 }, { 'mobile-5': 270 }));
    expect(call).toMatchObject({ cost: 110_000_000, bundleSeconds: 120, bundleUsage: { 'mobile-5': 270, extra: 120 } });
    expect(call.segments.map((segment) => segment.bundleId)).toEqual(['extra', null]);
  });

  it('charges money once the bundle is used up, and never touches other destinations', () => {
    const ratingPlan = bundlePlan();
    const used = { 'mobile-5': 300 };
    const call = rated(ratingPlan.rate({ calledNumber: mobile, startedAtMs: noon, durationSeconds: 60 }, used));
    expect(call).toMatchObject({ cost: 110_000_000, bundleSeconds: 0 });
    expect(call.bundleUsage).toBe(used);
    const fixedCall = rated(ratingPlan.rate({ calledNumber: fixed, startedAtMs: noon, durationSeconds: 60 }, {}));
    expect(fixedCall).toMatchObject({ cost: 60_000_000, bundleSeconds: 0, bundleUsage: {} });
  });

  it('rejects nonsense usage', () => {
    expect(() => bundlePlan().rate({ calledNumber: mobile, startedAtMs: noon, durationSeconds: 60 }, { 'mobile-5': -5 })).toThrow(/mobile-5/);
  });
});

