import { DomainValidationError } from '../errors';
import { allocate } from './allocate';

const sum = (values: bigint[]) => values.reduce((total, value) => total + value, 0n);

describe('allocate', () => {
  it.each([
    // total, weights, shares — worked by hand: floor of each quota, leftover to the largest remainders.
    [100n, [1, 1, 1], [34n, 33n, 33n]], // 33.33 each; one leftover → first on the tie
    [5n, [3n, 7n], [2n, 3n]], // 1.5 and 3.5; tie → first
    [10n, [1n, 2n, 3n, 4n], [1n, 2n, 3n, 4n]], // exact
    [1000n, [1999n, 3001n, 5000n], [200n, 300n, 500n]], // 199.9 / 300.1 / 500 → leftover to the .9
    [7n, [1, 1], [4n, 3n]],
    [1n, [1, 1, 1, 1], [1n, 0n, 0n, 0n]],
    [0n, [2, 3], [0n, 0n]],
    [100n, [0, 1, 0], [0n, 100n, 0n]],
    [2n, [0, 1, 1, 0, 1], [0n, 1n, 1n, 0n, 0n]], // zero weights never receive a leftover unit
    [-100n, [1, 1, 1], [-34n, -33n, -33n]], // a credit mirrors the positive split
    [-5n, [3n, 7n], [-2n, -3n]],
  ])('allocate(%p, %p) → %p', (total, weights, expected) => {
    const shares = allocate(total, weights as bigint[] | number[]);
    expect(shares).toEqual(expected);
    expect(sum(shares)).toBe(total);
  });

  it('spreads a discount over line amounts in proportion, losing no minor unit', () => {
    // A 10.00 discount over lines of 33.33, 33.33 and 33.34: quotas 3.333, 3.333, 3.334 (×100).
    const shares = allocate(-1000n, [3333n, 3333n, 3334n]);
    expect(shares).toEqual([-333n, -333n, -334n]);
    expect(sum(shares)).toBe(-1000n);
  });

  it('is exact for totals and weights beyond 2^53', () => {
    const total = 2n ** 80n + 1n;
    const shares = allocate(total, [2n ** 60n, 2n ** 60n]);
    expect(shares).toEqual([2n ** 79n + 1n, 2n ** 79n]);
  });

  it('never loses a unit across many awkward splits', () => {
    for (let total = -50n; total <= 50n; total += 1n) {
      for (const weights of [[1, 2], [7, 11, 13], [1, 0, 1, 0, 1], [3, 3, 3, 1]]) {
        const shares = allocate(total, weights);
        expect(sum(shares)).toBe(total);
        // No share strays more than one unit from its exact quota.
        const weightSum = weights.reduce((a, b) => a + b, 0);
        shares.forEach((share, index) => {
          const quota = (Number(total) * weights[index]) / weightSum;
          expect(Math.abs(Number(share) - quota)).toBeLessThan(1);
        });
      }
    }
  });

  it('rejects empty, negative, fractional and all-zero weights with the field named', () => {
    expect(() => allocate(10n, [])).toThrow('weights: must not be empty');
    expect(() => allocate(10n, [1, -1])).toThrow('weights[1]: must not be negative, got -1');
    expect(() => allocate(10n, [0.5, 1])).toThrow('weights[0]: must be a safe integer');
    expect(() => allocate(10n, [0n, 0n])).toThrow('weights: sum to zero, so 10 cannot be split by them');
    expect(() => allocate(10 as unknown as bigint, [1])).toThrow(DomainValidationError);
  });
});
