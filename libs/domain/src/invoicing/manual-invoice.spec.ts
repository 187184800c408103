import { DomainError } from '../errors';
import { assertManualLines } from './manual-invoice';

const fieldOf = (run: () => void): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as DomainError).details?.fields?.[0]?.field;
  }
  return undefined;
};

describe('lines of a hand-written invoice', () => {
  it('accepts charges with a discount line that leaves something to pay', () => {
    expect(() => assertManualLines([{ description: 'Installation', quantity: 1, unitAmount: 500_000n }, { description: 'Launch discount', quantity: 1, unitAmount: -100_000n }])).not.toThrow();
  });

  it('refuses, naming the field', () => {
    expect(fieldOf(() => assertManualLines([]))).toBe('lines');
    expect(fieldOf(() => assertManualLines([{ description: ' ', quantity: 1, unitAmount: 1n }]))).toBe('lines[0].description');
    expect(fieldOf(() => assertManualLines([{ description: 'a', quantity: 1, unitAmount: 1n }, { description: 'b', quantity: 0, unitAmount: 1n }]))).toBe('lines[1].quantity');
    expect(fieldOf(() => assertManualLines([{ description: 'a', quantity: 1, unitAmount: 1_000_000_000_001n }]))).toBe('lines[0].unitAmount');
    expect(fieldOf(() => assertManualLines([{ description: 'Refund', quantity: 2, unitAmount: -1n }]))).toBe('lines');
  });
});
