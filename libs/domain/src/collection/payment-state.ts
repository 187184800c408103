// A payment's life: pending → succeeded / failed; a failed payment may still succeed (a late
// confirmation: the payer did pay); succeeded → partially_refunded → refunded as refunds settle.
// Every writer of a payment's status asks `transitionPayment`; refunds can never return more
// than was paid. Pure.
import { DomainError, ErrorCode, InvalidTransitionError } from '../errors';

/** As the `PaymentStatus` enum of the tenant schema. */
export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'refunded', 'partially_refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The columns the machine owns. */
export interface PaymentState {
  readonly status: PaymentStatus;
  /** What was (or is being) paid, minor units. */
  readonly amount: bigint;
  readonly amountRefunded: bigint;
}

export type PaymentEvent =
  /** The provider confirmed the money; `amount` is what it says was received (it may differ from what was asked). */
  | { readonly type: 'succeed'; readonly amount: bigint }
  /** Declined, abandoned, or never confirmed. */
  | { readonly type: 'fail' }
  /** A refund of `amount` settled. */
  | { readonly type: 'refund_settled'; readonly amount: bigint };

export type PaymentEventType = PaymentEvent['type'];

const REFUNDABLE: readonly PaymentStatus[] = ['succeeded', 'partially_refunded'];

const ALLOWED_FROM: Readonly<Record<PaymentEventType, readonly PaymentStatus[]>> = {
  succeed: ['pending', 'failed'],
  fail: ['pending'],
  refund_settled: REFUNDABLE,
};

/** Whether money can still be refunded from a payment in this state. */
export function refundableAmount(payment: PaymentState): bigint {
  return REFUNDABLE.includes(payment.status) ? payment.amount - payment.amountRefunded : 0n;
}

export function canTransitionPayment(from: PaymentState, event: PaymentEventType): boolean {
  return ALLOWED_FROM[event].includes(from.status);
}

/** The state after `event`, or an InvalidTransitionError when the machine forbids it. */
export function transitionPayment(from: PaymentState, event: PaymentEvent): PaymentState {
  if (!canTransitionPayment(from, event.type)) {
    throw new InvalidTransitionError('payment', from.status, event.type, `a ${from.status.replace('_', ' ')} payment cannot take the event ${event.type}`);
  }
  switch (event.type) {
    case 'succeed':
      return { ...from, status: 'succeeded', amount: event.amount };
    case 'fail':
      return { ...from, status: 'failed' };
    case 'refund_settled': {
      const refunded = from.amountRefunded + event.amount;
      if (event.amount <= 0n || refunded > from.amount) {
        throw new DomainError(ErrorCode.InvalidState, `refunds of the payment would reach ${refunded}, more than the ${from.amount} paid`);
      }
      return { ...from, amountRefunded: refunded, status: refunded === from.amount ? 'refunded' : 'partially_refunded' };
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unknown payment event ${JSON.stringify(unknown)}`);
    }
  }
}
