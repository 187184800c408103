// Notes the Razorpay adapter writes (Razorpay allows 15 string key-value pairs per entity),
// so webhooks can be mapped back to our references without a lookup.

/** On payments created by chargeSaved. Payment-link payments are reported through
 * payment_link.* events instead, so their payment.* events are ignored (no double counting). */
export const NOVA_FLOW = 'nova_flow';
export const RECURRING_FLOW = 'recurring';
/** On refunds: the reference the refund was requested for (a payment link id for checkouts). */
export const NOVA_PAYMENT_REFERENCE = 'nova_payment_reference';
