// An invoice's life: draft → open → paid / void / uncollectible (Stripe's statuses, Lago's model
// machine). Every writer of an invoice's status asks `transitionInvoice` first, so no caller can
// pay a void invoice or void a paid one. The machine also owns the money columns a payment moves
// (amountPaid, amountDue): "paid" is never set apart from the money that made it so. Pure: the
// caller passes the time of the event.
import { DomainError, ErrorCode, InvalidTransitionError } from '../errors';
import { PAYABLE_INVOICE_STATUSES } from './payable';

/** As the `InvoiceStatus` enum of the tenant schema. */
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** The columns the machine owns. */
export interface InvoiceState {
  readonly status: InvoiceStatus;
  readonly amountDue: bigint;
  readonly amountPaid: bigint;
  readonly paidAt: Date | null;
  readonly voidedAt: Date | null;
}

export type InvoiceEvent =
  /** A draft is issued: it can be paid from now on. */
  | { readonly type: 'finalize' }
  /** Money was applied (a provider's confirmed payment, one recorded by hand); paid once nothing is due. */
  | { readonly type: 'payment_applied'; readonly amount: bigint; readonly at: Date }
  /** Cancelled: nothing is owed any more. Not once money was received. */
  | { readonly type: 'void'; readonly at: Date }
  /** Written off after collection gave up; the customer may still pay it. */
  | { readonly type: 'mark_uncollectible' }
  /** A credit note lowered what is due; paid once nothing is (as Stripe does). */
  | { readonly type: 'credited'; readonly amount: bigint; readonly at: Date }
  /** A credit note that lowered what is due was voided: it is due again. */
  | { readonly type: 'credit_reversed'; readonly amount: bigint }
  /** A draft's lines, discounts, memo or due date change (totals recomputed by the caller): only a draft. */
  | { readonly type: 'edit'; readonly amountDue: bigint }
  /** A draft is deleted (it never had a number): never a finalized invoice, which can only be voided. */
  | { readonly type: 'delete' };

export type InvoiceEventType = InvoiceEvent['type'];

const ALLOWED_FROM: Readonly<Record<InvoiceEventType, readonly InvoiceStatus[]>> = {
  finalize: ['draft'],
  payment_applied: PAYABLE_INVOICE_STATUSES,
  void: ['draft', 'open', 'uncollectible'],
  mark_uncollectible: ['open'],
  credited: PAYABLE_INVOICE_STATUSES,
  credit_reversed: PAYABLE_INVOICE_STATUSES,
  edit: ['draft'],
  delete: ['draft'],
};

/** Whether `event` may happen now (for payment_applied, of any amount up to what is due). */
export function canTransitionInvoice(from: InvoiceState, event: InvoiceEventType): boolean {
  return refusal(from, event) === null;
}

/** The state after `event`, or an InvalidTransitionError when the machine forbids it. */
export function transitionInvoice(from: InvoiceState, event: InvoiceEvent): InvoiceState {
  const refused = refusal(from, event.type);
  if (refused) throw new InvalidTransitionError('invoice', from.status, event.type, refused);
  switch (event.type) {
    case 'finalize':
      return { ...from, status: from.amountDue === 0n ? 'paid' : 'open' };
    case 'payment_applied': {
      if (event.amount <= 0n || event.amount > from.amountDue) {
        // Callers decide what applies (libs/billing collection: at most what is due); this is a bug, not input.
        throw new DomainError(ErrorCode.InvalidState, `cannot apply ${event.amount} to an invoice with ${from.amountDue} due`);
      }
      const amountDue = from.amountDue - event.amount;
      const paid = amountDue === 0n;
      return { ...from, amountDue, amountPaid: from.amountPaid + event.amount, status: paid ? 'paid' : from.status, paidAt: paid ? event.at : from.paidAt };
    }
    case 'void':
      return { ...from, status: 'void', amountDue: 0n, voidedAt: event.at };
    case 'mark_uncollectible':
      return { ...from, status: 'uncollectible' };
    case 'credited': {
      if (event.amount <= 0n || event.amount > from.amountDue) throw new DomainError(ErrorCode.InvalidState, `cannot credit ${event.amount} against ${from.amountDue} due`);
      const amountDue = from.amountDue - event.amount;
      return { ...from, amountDue, status: amountDue === 0n ? 'paid' : from.status, paidAt: amountDue === 0n ? event.at : from.paidAt };
    }
    case 'credit_reversed':
      if (event.amount <= 0n) throw new DomainError(ErrorCode.InvalidState, `cannot reverse a credit of ${event.amount}`);
      return { ...from, amountDue: from.amountDue + event.amount };
    case 'edit':
      return { ...from, amountDue: event.amountDue };
    case 'delete':
      return from;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown invoice event ${JSON.stringify(unknown)}`);
    }
  }
}

function refusal(from: InvoiceState, event: InvoiceEventType): string | null {
  if (!ALLOWED_FROM[event].includes(from.status)) {
    if (event === 'payment_applied') return `the invoice is ${from.status}: it takes no payment`;
    if (event === 'edit' || event === 'delete') return `the invoice is ${from.status}: only a draft can be ${event === 'edit' ? 'edited' : 'deleted'} (void a finalized invoice instead)`;
    return `${from.status === 'open' || from.status === 'uncollectible' ? 'an' : 'a'} ${from.status} invoice cannot take the event ${event}`;
  }
  if (event === 'void' && from.amountPaid > 0n) return 'the invoice has payments applied: refund them instead of voiding it';
  if (event === 'payment_applied' && from.amountDue === 0n) return 'nothing is due on the invoice';
  return null;
}
