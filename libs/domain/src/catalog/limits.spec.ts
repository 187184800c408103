import { MAX_SUBSCRIPTION_QUANTITY, MAX_TRIAL_DAYS, planCodeProblem, quantityProblem, trialDaysProblem } from './limits';

describe('catalog limits', () => {
  it('accepts plan codes of 1-64 lower-case letters, digits, ".", "_" and "-" and nothing else', () => {
    for (const code of ['pro', 'pro-monthly', 'a', 'fibre_20.v2', 'x'.repeat(64)]) expect(planCodeProblem(code)).toBeNull();
    for (const code of ['', 'Pro', '-pro', 'pro monthly', 'x'.repeat(65), 42]) expect(planCodeProblem(code)).toMatch(/^must be 1-64/);
  });

  it('bounds trials at 0…MAX_TRIAL_DAYS whole days', () => {
    expect(trialDaysProblem(0)).toBeNull();
    expect(trialDaysProblem(MAX_TRIAL_DAYS)).toBeNull();
    for (const days of [-1, MAX_TRIAL_DAYS + 1, 1.5, '7']) expect(trialDaysProblem(days)).toMatch(/from 0 to 365/);
  });

  it('bounds quantities at 1…MAX_SUBSCRIPTION_QUANTITY', () => {
    expect(quantityProblem(1)).toBeNull();
    expect(quantityProblem(MAX_SUBSCRIPTION_QUANTITY)).toBeNull();
    for (const quantity of [0, MAX_SUBSCRIPTION_QUANTITY + 1, 2.5]) expect(quantityProblem(quantity)).toMatch(/from 1 to 1000000/);
  });
});
