// What every adapter's refund events share. Providers without an event id of their own
// (Paystack, Flutterwave v3, M-Pesa) get one built from the payload; it must cover every field
// settlement acts on (outcome, refund, payment, amount, currency). Otherwise a contradicting copy
// (another amount or currency under the same refund) would be taken for a redelivery of the
// genuine event at intake, and whichever came first would shadow the other; covered, each is
// stored on its own and settlement's refund rule (decideRefundEvent) judges it.

export interface RefundEventIdentity {
  /** The provider's event name, e.g. `refund.processed`. */
  readonly event: string;
  readonly providerReference: string;
  /** The provider's refund id, when the event carries one. */
  readonly refundReference?: string;
  readonly amountMinor: bigint;
  readonly currency: string;
}

export function syntheticRefundEventId(identity: RefundEventIdentity): string {
  return [identity.event, identity.providerReference, identity.refundReference ?? '-', `${identity.amountMinor}${identity.currency}`].join(':');
}
