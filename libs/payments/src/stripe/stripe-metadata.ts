// Metadata keys the Stripe adapter writes so webhooks can be mapped back without a lookup.

/** Our payment reference, on sessions, payment intents and refunds. */
export const NOVA_REFERENCE = 'nova_reference';
/** Set on payment intents created by chargeSaved. Checkout payments are reported through their
 * session events instead, so their payment_intent.* events are ignored (no double counting). */
export const NOVA_FLOW = 'nova_flow';
export const OFF_SESSION_FLOW = 'off_session';
/** On refunds: the payment reference the refund was requested for (a session id for checkouts). */
export const NOVA_PAYMENT_REFERENCE = 'nova_payment_reference';
