// The one rule of a telecom account's balance: what a top-up or a rating does to the balance, the
// status (suspension at zero, reactivation) and the low-balance notice. Pure: the accounts
// repository reads the locked row, asks this rule, and writes what it answers.
import { currencyExponent, DomainError } from '@nova/domain';
import { formatNanos } from '@nova/rating';

export type TelecomAccountKind = 'prepaid' | 'postpaid';
export type TelecomAccountStatus = 'active' | 'suspended';

/** The columns of an account the rule reads and writes. */
export interface BalanceState {
  readonly id: string;
  readonly kind: TelecomAccountKind;
  readonly status: TelecomAccountStatus;
  readonly suspendAtZero: boolean;
  readonly balanceNanos: bigint;
  readonly lowBalanceThresholdNanos: bigint;
  /** The low-balance notice went out and has not been re-armed by a top-up since. */
  readonly lowBalanceNotified: boolean;
}

export type BalanceChange =
  /** Credit, in nanos (positive). Only a prepaid account takes one. */
  | { readonly type: 'top_up'; readonly amountNanos: bigint }
  /** The net cost a rating batch charged the account (negative when a re-rating gave back more than it charged). */
  | { readonly type: 'rating'; readonly debitNanos: bigint };

export interface BalanceOutcome {
  readonly balanceNanos: bigint;
  readonly status: TelecomAccountStatus;
  readonly lowBalanceNotified: boolean;
  /** The balance fell below the threshold with no notice out: send one. */
  readonly lowBalanceReached: boolean;
  /** Suspended by this change (the policy suspend at zero). */
  readonly suspended: boolean;
}

/**
 * The largest top-up or low-balance threshold, in minor units. Balances are bigint nanos (1e-9 of
 * the currency unit): one billion minor units of any currency fits with room to spare (10⁹ × 10⁹
 * nanos per minor unit of a zero-decimal currency < 2⁶³).
 */
export const MAX_ACCOUNT_AMOUNT_MINOR = 1_000_000_000;

/** The largest balance the bigint column holds. */
const MAX_BALANCE_NANOS = 2n ** 63n - 1n;

/** Nanos (1e-9 of the currency unit) in one minor unit of `currency`. */
export const nanosPerMinorUnit = (currency: string): bigint => 10n ** BigInt(9 - currencyExponent(currency));

/**
 * Nanos as whole minor units of `currency`, for clients that only handle integer money: a balance
 * is rounded down (toward −∞: the customer never sees more credit than there is, nor less debt),
 * a charge half-up (as an invoice line of it would read). The exact decimal stays beside it.
 */
export function nanosToMinorUnits(nanos: bigint, currency: string, rounding: 'balance' | 'charge'): number {
  const per = nanosPerMinorUnit(currency);
  const floor = nanos >= 0n ? nanos / per : -((-nanos + per - 1n) / per);
  if (rounding === 'balance') return Number(floor);
  const remainder = nanos - floor * per;
  return Number(remainder * 2n >= per ? floor + 1n : floor);
}

/** formatNanos takes safe integers; a balance is a bigint and may be negative (over-limit calls). */
export function formatSignedNanos(nanos: bigint): string {
  const units = nanos < 0n ? -nanos : nanos;
  const whole = units / 1_000_000_000n;
  const fraction = formatNanos(Number(units % 1_000_000_000n)).replace(/^0/, '');
  return `${nanos < 0n ? '-' : ''}${whole}${fraction}`;
}

/**
 * The status the account moves to, asked of the one transition rule: only a prepaid account with
 * the policy "suspend at zero" moves, to suspended when a rating exhausts the balance and back to
 * active when a top-up lifts it above zero. Anything else keeps its status.
 */
export function accountStatusAfter(account: BalanceState, change: BalanceChange['type'], balanceNanos: bigint): TelecomAccountStatus {
  if (account.kind !== 'prepaid' || !account.suspendAtZero) return account.status;
  if (change === 'rating' && balanceNanos <= 0n) return 'suspended';
  if (change === 'top_up' && balanceNanos > 0n) return 'active';
  return account.status;
}

/** An amount in minor units a top-up or threshold may be: a whole number from `min` to MAX_ACCOUNT_AMOUNT_MINOR. */
export function assertAccountAmount(field: string, amount: number, min: number): void {
  if (!Number.isInteger(amount) || amount < min || amount > MAX_ACCOUNT_AMOUNT_MINOR) {
    throw DomainError.validation(field, `must be a whole number of minor units from ${min} to ${MAX_ACCOUNT_AMOUNT_MINOR}`);
  }
}

/** What `change` does to the account; a top-up of a postpaid account, or of nothing, is refused. */
export function applyBalanceChange(account: BalanceState, change: BalanceChange): BalanceOutcome {
  if (change.type === 'top_up') {
    if (account.kind !== 'prepaid') throw DomainError.invalidState(`account ${account.id} is not a prepaid account`);
    if (change.amountNanos <= 0n) throw DomainError.validation('amount', 'must be positive');
    const balanceNanos = account.balanceNanos + change.amountNanos;
    if (balanceNanos > MAX_BALANCE_NANOS) throw DomainError.validation('amount', 'would take the balance beyond the largest an account can hold');
    // A balance back at or above the threshold re-arms the notice for the next dip.
    const lowBalanceNotified = account.lowBalanceNotified && balanceNanos < account.lowBalanceThresholdNanos;
    return { balanceNanos, status: accountStatusAfter(account, 'top_up', balanceNanos), lowBalanceNotified, lowBalanceReached: false, suspended: false };
  }
  // A postpaid account is billed its usage on the invoice: its balance does not move.
  if (account.kind !== 'prepaid') return { balanceNanos: account.balanceNanos, status: account.status, lowBalanceNotified: account.lowBalanceNotified, lowBalanceReached: false, suspended: false };
  const balanceNanos = account.balanceNanos - change.debitNanos;
  const status = accountStatusAfter(account, 'rating', balanceNanos);
  const lowBalanceReached = !account.lowBalanceNotified && balanceNanos < account.lowBalanceThresholdNanos;
  return {
    balanceNanos,
    status,
    lowBalanceNotified: account.lowBalanceNotified || lowBalanceReached,
    lowBalanceReached,
    suspended: account.status === 'active' && status === 'suspended',
  };
}
