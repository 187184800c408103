// A customer's credit balance (Stripe's customer balance, kept per currency): money the tenant owes
// the customer and takes off the next invoices. It is never negative — what a customer owes lives
// on invoices — so every movement is checked against the balance it starts from.
import { DomainError } from '../errors';

/** Why a balance moved; the ledger stores one of these with every movement. */
export const BALANCE_TRANSACTION_TYPES = ['adjustment', 'credit_note', 'overpayment', 'proration', 'applied_to_invoice', 'unapplied_from_invoice', 'invoice_surplus'] as const;
export type BalanceTransactionType = (typeof BALANCE_TRANSACTION_TYPES)[number];

/** A manual adjustment must say why (it moves money the tenant owes); this long at most. */
export const BALANCE_REASON_MAX_LENGTH = 500;

/** A manual adjustment moves at most this many minor units either way (a typo guard, far above any real credit). */
export const MAX_BALANCE_ADJUSTMENT_MINOR = 1_000_000_000_000;

/**
 * The balance after moving `amount` (positive grants credit, negative uses it). Refuses a zero
 * movement and one that would take more credit than there is, naming `field`.
 */
export function balanceAfter(balance: bigint, amount: bigint, field = 'amount'): bigint {
  if (amount === 0n) throw DomainError.validation(field, 'must not be zero');
  const after = balance + amount;
  if (after < 0n) throw DomainError.validation(field, `would take ${-amount} but the customer's credit balance is ${balance}`);
  return after;
}

/** How much of the balance pays an invoice with `amountDue` outstanding: all of it, up to what is due. */
export function creditToApply(balance: bigint, amountDue: bigint): bigint {
  if (balance <= 0n || amountDue <= 0n) return 0n;
  return balance < amountDue ? balance : amountDue;
}

/** What finalizing an invoice does with the customer's credit in the invoice's currency. */
export interface CreditAtFinalization {
  /** Signed: positive, credit taken from the balance; negative, a negative total credited to it. */
  readonly creditApplied: bigint;
  /** What the invoice leaves due: total - creditApplied, never below zero. */
  readonly amountDue: bigint;
  readonly balanceAfter: bigint;
}

/**
 * Stripe's rule at finalization: an invoice takes credit up to its total; a negative total
 * (credits outweighing charges) is due nothing and its surplus is credited to the balance.
 *
 * creditAtFinalization(5_000n, 12_000n) → { creditApplied: 5_000n, amountDue: 7_000n, balanceAfter: 0n }
 * creditAtFinalization(1_000n, -3_000n) → { creditApplied: -3_000n, amountDue: 0n, balanceAfter: 4_000n }
 */
export function creditAtFinalization(balance: bigint, total: bigint): CreditAtFinalization {
  const creditApplied = total < 0n ? total : creditToApply(balance, total);
  return { creditApplied, amountDue: total - creditApplied, balanceAfter: balance - creditApplied };
}
