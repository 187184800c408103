import { ErrorCode } from '@nova/domain';
import { applyBalanceChange, type BalanceState, formatSignedNanos, nanosToMinorUnits } from './prepaid-balance';

const account = (state: Partial<BalanceState> = {}): BalanceState => ({
  id: 'a-1',
  kind: 'prepaid',
  status: 'active',
  suspendAtZero: true,
  balanceNanos: 1_000n,
  lowBalanceThresholdNanos: 500n,
  lowBalanceNotified: false,
  ...state,
});

describe('the balance rule', () => {
  it('suspends a prepaid account with the policy when a rating exhausts the balance, once, and asks for one notice', () => {
    expect(applyBalanceChange(account(), { type: 'rating', debitNanos: 1_000n })).toEqual({ balanceNanos: 0n, status: 'suspended', lowBalanceNotified: true, lowBalanceReached: true, suspended: true });
    expect(applyBalanceChange(account({ status: 'suspended', balanceNanos: 0n, lowBalanceNotified: true }), { type: 'rating', debitNanos: 10n })).toMatchObject({
      balanceNanos: -10n,
      status: 'suspended',
      lowBalanceReached: false,
      suspended: false,
    });
  });

  it('moves no status without the policy, and no balance of a postpaid account', () => {
    expect(applyBalanceChange(account({ suspendAtZero: false }), { type: 'rating', debitNanos: 5_000n })).toMatchObject({ balanceNanos: -4_000n, status: 'active', suspended: false });
    expect(applyBalanceChange(account({ kind: 'postpaid' }), { type: 'rating', debitNanos: 5_000n })).toMatchObject({ balanceNanos: 1_000n, status: 'active', lowBalanceReached: false });
  });

  it('lets a top-up reactivate above zero only, and re-arm the notice at the threshold only', () => {
    const suspended = account({ status: 'suspended', balanceNanos: -100n, lowBalanceNotified: true });
    expect(applyBalanceChange(suspended, { type: 'top_up', amountNanos: 100n })).toMatchObject({ balanceNanos: 0n, status: 'suspended', lowBalanceNotified: true });
    expect(applyBalanceChange(suspended, { type: 'top_up', amountNanos: 101n })).toMatchObject({ status: 'active', lowBalanceNotified: true });
    expect(applyBalanceChange(suspended, { type: 'top_up', amountNanos: 600n })).toMatchObject({ status: 'active', lowBalanceNotified: false });
  });

  it('refuses a top-up of a postpaid account, of nothing, or past the column', () => {
    expect(() => applyBalanceChange(account({ kind: 'postpaid' }), { type: 'top_up', amountNanos: 1n })).toThrow(expect.objectContaining({ code: ErrorCode.InvalidState }));
    expect(() => applyBalanceChange(account(), { type: 'top_up', amountNanos: 0n })).toThrow(expect.objectContaining({ code: ErrorCode.ValidationFailed }));
    expect(() => applyBalanceChange(account({ balanceNanos: 2n ** 63n - 1n }), { type: 'top_up', amountNanos: 1n })).toThrow(/largest an account can hold/);
  });

  it('formats signed nanos exactly', () => {
    expect(formatSignedNanos(-1_500_000_000n)).toBe('-1.5');
    expect(formatSignedNanos(12_345_000_000n)).toBe('12.345');
  });

  it('gives balances in minor units rounded down and charges rounded half-up, for any exponent', () => {
    // KES: 10^7 nanos per cent.
    expect(nanosToMinorUnits(12_345_999_999n, 'KES', 'balance')).toBe(1_234);
    expect(nanosToMinorUnits(-1n, 'KES', 'balance')).toBe(-1); // a debt of a nano is a cent owed, not zero
    expect(nanosToMinorUnits(-10_000_000n, 'KES', 'balance')).toBe(-1);
    expect(nanosToMinorUnits(5_000_000n, 'KES', 'charge')).toBe(1); // half a cent rounds up
    expect(nanosToMinorUnits(4_999_999n, 'KES', 'charge')).toBe(0);
    // UGX has no minor unit: 10^9 nanos per shilling. KWD has three decimals: 10^6.
    expect(nanosToMinorUnits(1_999_999_999n, 'UGX', 'balance')).toBe(1);
    expect(nanosToMinorUnits(1_500_000n, 'KWD', 'charge')).toBe(2);
  });
});
