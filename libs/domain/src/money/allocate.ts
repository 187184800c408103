import { DomainValidationError } from '../errors';

function toBigIntWeight(weight: bigint | number, index: number): bigint {
  const field = `weights[${index}]`;
  if (typeof weight === 'number' && !Number.isSafeInteger(weight)) {
    throw new DomainValidationError(field, `must be a safe integer (scale fractional weights first), got ${weight}`);
  }
  const value = BigInt(weight);
  if (value < 0n) throw new DomainValidationError(field, `must not be negative, got ${weight}`);
  return value;
}

/**
 * Splits `total` minor units in proportion to `weights` without creating or losing a unit: every share is the
 * floor of its exact quota, then the units left over go one each to the shares with the largest remainders
 * (earlier index first on a tie). Typical use: spread a 1000n discount over lines weighted by their amounts.
 * A negative total (a credit) is split like its absolute value, so shares are the mirror image of the positive case.
 *
 * allocate(100n, [1, 1, 1]) → [34n, 33n, 33n]; allocate(5n, [3n, 7n]) → [2n, 3n] (1.5 and 3.5: tie → first).
 */
export function allocate(total: bigint, weights: readonly bigint[] | readonly number[]): bigint[] {
  if (typeof total !== 'bigint') throw new DomainValidationError('total', `must be a bigint, got ${typeof total}`);
  if (weights.length === 0) throw new DomainValidationError('weights', 'must not be empty');
  const exactWeights = weights.map(toBigIntWeight);
  const weightSum = exactWeights.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) {
    if (total === 0n) return exactWeights.map(() => 0n);
    throw new DomainValidationError('weights', `sum to zero, so ${total} cannot be split by them`);
  }

  const magnitude = total < 0n ? -total : total;
  const shares = exactWeights.map((weight) => (magnitude * weight) / weightSum);
  const remainders = exactWeights.map((weight) => (magnitude * weight) % weightSum);
  let leftover = magnitude - shares.reduce((sum, share) => sum + share, 0n);

  // Stable order by descending remainder; leftover < weights.length, so each index gets at most one unit.
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (leftover === 0n) break;
    shares[index] += 1n;
    leftover -= 1n;
  }
  return total < 0n ? shares.map((share) => -share) : shares;
}
