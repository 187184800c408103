import { DomainError } from '../errors';
import { balanceAfter, creditAtFinalization, creditToApply } from './credit-balance';

describe('customer credit balance', () => {
  it('grants and uses credit', () => {
    expect(balanceAfter(0n, 5_000n)).toBe(5_000n);
    expect(balanceAfter(5_000n, -1_200n)).toBe(3_800n);
    expect(balanceAfter(3_800n, -3_800n)).toBe(0n);
  });

  it('refuses to take more credit than there is, naming the field', () => {
    expect(() => balanceAfter(3_800n, -3_801n, 'amount')).toThrow(DomainError);
    try {
      balanceAfter(100n, -101n, 'lines[0].amount');
    } catch (error) {
      expect((error as DomainError).details).toMatchObject({ fields: [{ field: 'lines[0].amount' }] });
    }
  });

  it('refuses a movement of nothing', () => {
    expect(() => balanceAfter(10n, 0n)).toThrow(/must not be zero/);
  });

  it('applies credit up to what is due', () => {
    expect(creditToApply(5_000n, 12_000n)).toBe(5_000n); // the balance covers part of the invoice
    expect(creditToApply(15_000n, 12_000n)).toBe(12_000n); // and never more than is due
    expect(creditToApply(0n, 12_000n)).toBe(0n);
    expect(creditToApply(5_000n, 0n)).toBe(0n); // a paid or zero invoice takes nothing
  });

  describe('credit at finalization (worked examples)', () => {
    it('a 120.00 invoice of a customer holding 50.00 takes all of it and leaves 70.00 due', () => {
      expect(creditAtFinalization(5_000n, 12_000n)).toEqual({ creditApplied: 5_000n, amountDue: 7_000n, balanceAfter: 0n });
    });

    it('a customer holding 150.00 has a 120.00 invoice covered in full and keeps 30.00', () => {
      expect(creditAtFinalization(15_000n, 12_000n)).toEqual({ creditApplied: 12_000n, amountDue: 0n, balanceAfter: 3_000n });
    });

    it('no credit leaves the invoice as it is', () => {
      expect(creditAtFinalization(0n, 12_000n)).toEqual({ creditApplied: 0n, amountDue: 12_000n, balanceAfter: 0n });
      expect(creditAtFinalization(4_000n, 0n)).toEqual({ creditApplied: 0n, amountDue: 0n, balanceAfter: 4_000n });
    });

    it('a -30.00 invoice (a downgrade credit outweighing the charges) is due nothing and credits 30.00', () => {
      expect(creditAtFinalization(1_000n, -3_000n)).toEqual({ creditApplied: -3_000n, amountDue: 0n, balanceAfter: 4_000n });
    });
  });
});
