// A local Stripe for the endpoints the adapter uses: form-encoded requests with Stripe's nested
// keys, Bearer auth, Idempotency-Key replay, Stripe's error envelope and object shapes.
// Webhooks are signed with the SDK's own stripe.webhooks.generateTestHeaderString.

import Stripe from 'stripe';
import { type FakeRequest, type FakeResponse, FakeServer, fakeId, type SignedWebhook, SigningFakeProvider } from './fake-server';

export interface FakeStripeOptions {
  readonly secretKey?: string;
  readonly webhookSecret?: string;
}

type Json = Record<string, unknown>;

interface FakeSession {
  readonly id: string;
  readonly amount: number;
  readonly currency: string;
  readonly clientReferenceId: string | null;
  readonly customerEmail: string | null;
  readonly metadata: Json;
  readonly intentMetadata: Json;
  /** `customer_creation: 'always'`: paying creates a Customer. */
  readonly createsCustomer: boolean;
  /** `payment_intent_data.setup_future_usage`: paying saves the card to that customer. */
  readonly setupFutureUsage: string | null;
  readonly successUrl: string;
  readonly cancelUrl: string | null;
  readonly created: number;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'unpaid' | 'paid';
  paymentIntentId: string | null;
  customer: string | null;
}

interface FakeIntent {
  readonly id: string;
  readonly amount: number;
  readonly currency: string;
  readonly customer: string | null;
  readonly paymentMethod: string | null;
  readonly metadata: Json;
  readonly created: number;
  setupFutureUsage: string | null;
  status: 'succeeded' | 'requires_payment_method';
  refunded: number;
  lastError: Json | null;
}

interface FakeRefund {
  readonly id: string;
  readonly intent: FakeIntent;
  readonly amount: number;
  readonly metadata: Json;
  readonly created: number;
  status: 'succeeded' | 'pending' | 'failed';
}

/** Stripe's test PaymentMethod that always declines. */
export const STRIPE_DECLINING_PAYMENT_METHOD = 'pm_card_chargeDeclined';

const now = () => Math.floor(Date.now() / 1000);

function stripeError(status: number, type: string, message: string, extra: Json = {}): FakeResponse {
  return { status, body: { error: { type, message, ...extra } } };
}

export class FakeStripe extends SigningFakeProvider {
  private readonly sessions = new Map<string, FakeSession>();
  private readonly intents = new Map<string, FakeIntent>();
  private readonly refunds = new Map<string, FakeRefund>();
  private readonly savedCards = new Map<string, string>();
  private readonly idempotentResponses = new Map<string, FakeResponse>();
  private readonly signer = new Stripe('sk_test_signer_only', { telemetry: false });
  /** Refunds are created `pending` and finished later by settleRefund's webhook. */
  private refundsHeld = false;

  private constructor(
    readonly secretKey: string,
    readonly webhookSecret: string,
  ) {
    super();
  }

  static async start(options: FakeStripeOptions = {}): Promise<FakeStripe> {
    const fake = new FakeStripe(options.secretKey ?? 'sk_test_fakestripe000000000001', options.webhookSecret ?? 'whsec_fakestripe000000000001');
    const route = (method: string, pattern: string, handler: (request: FakeRequest) => FakeResponse) => ({
      method,
      pattern,
      handler: (request: FakeRequest) => (method === 'POST' ? fake.idempotent(request, handler) : handler(request)),
    });
    fake.server = await FakeServer.start(
      [
        route('POST', '/v1/checkout/sessions', (request) => fake.createSession(request)),
        route('GET', '/v1/checkout/sessions/:id', (request) => fake.retrieveSession(request)),
        route('POST', '/v1/payment_intents', (request) => fake.createIntent(request)),
        route('GET', '/v1/payment_intents/:id', (request) => fake.retrieveIntent(request)),
        route('POST', '/v1/refunds', (request) => fake.createRefund(request)),
        route('GET', '/v1/balance', () => ({ status: 200, body: { object: 'balance', available: [], pending: [], livemode: false } })),
      ],
      (request) =>
        request.headers.authorization === `Bearer ${fake.secretKey}`
          ? undefined
          : stripeError(401, 'invalid_request_error', 'Invalid API Key provided: sk_test_****'),
    );
    return fake;
  }



  /** The customer paid on the hosted page: returns the signed checkout.session.completed event. */
  completePayment(sessionId: string): SignedWebhook {
    const session = this.mustFindSession(sessionId);
    session.customer = session.createsCustomer ? fakeId('cus_') : null;
    // The card used is saved for off-session use when the session asked for it (and has a customer).
    const savedCard = session.setupFutureUsage && session.customer ? fakeId('pm_') : null;
    if (savedCard) this.savedCards.set(savedCard, session.customer!);
    const intent = this.newIntent(session.amount, session.currency, session.customer, savedCard ?? fakeId('pm_'), session.intentMetadata);
    intent.setupFutureUsage = session.setupFutureUsage;
    intent.status = 'succeeded';
    session.status = 'complete';
    session.paymentStatus = 'paid';
    session.paymentIntentId = intent.id;
    return this.event('checkout.session.completed', this.sessionJson(session, false));
  }

  /** The customer and card a completed checkout saved for later, if it did. */
  savedCardOf(sessionId: string): { customerId: string; paymentMethodId: string } | undefined {
    const session = this.mustFindSession(sessionId);
    const intent = session.paymentIntentId ? this.intents.get(session.paymentIntentId) : undefined;
    if (!intent?.customer || !intent.paymentMethod || this.savedCards.get(intent.paymentMethod) !== intent.customer) return undefined;
    return { customerId: intent.customer, paymentMethodId: intent.paymentMethod };
  }

  expireSession(sessionId: string): SignedWebhook {
    const session = this.mustFindSession(sessionId);
    session.status = 'expired';
    return this.event('checkout.session.expired', this.sessionJson(session, false));
  }

  /** A customer with a card saved for off-session use. */
  createSavedCard(): { customerId: string; paymentMethodId: string } {
    const customerId = fakeId('cus_');
    const paymentMethodId = fakeId('pm_');
    this.savedCards.set(paymentMethodId, customerId);
    return { customerId, paymentMethodId };
  }

  /** The payment_intent.succeeded / payment_failed event Stripe sends for an intent. */
  paymentIntentEvent(intentId: string): SignedWebhook {
    const intent = this.intents.get(intentId);
    if (!intent) throw new Error(`fake stripe: no payment intent ${intentId}`);
    return this.event(intent.status === 'succeeded' ? 'payment_intent.succeeded' : 'payment_intent.payment_failed', this.intentJson(intent));
  }

  refundEvent(refundId: string, type: 'refund.created' | 'refund.updated' | 'refund.failed' = 'refund.updated'): SignedWebhook {
    const refund = this.refunds.get(refundId);
    if (!refund) throw new Error(`fake stripe: no refund ${refundId}`);
    if (type === 'refund.failed') {
      refund.status = 'failed';
      refund.intent.refunded -= refund.amount;
    }
    return this.event(type, this.refundJson(refund));
  }

  /** From now on refunds are created `pending` (as bank-account and some card refunds are) until settleRefund. */
  holdRefunds(held = true): void {
    this.refundsHeld = held;
  }

  /**
   * Stripe finished a held refund: returns `refund.updated` with the refund, or `charge.refunded`
   * with the charge and its refunds listed newest first. A failed refund gives its amount back.
   */
  settleRefund(refundId: string, outcome: 'succeeded' | 'failed' = 'succeeded', type: 'refund.updated' | 'charge.refunded' = 'refund.updated'): SignedWebhook {
    const refund = this.refunds.get(refundId);
    if (!refund) throw new Error(`fake stripe: no refund ${refundId}`);
    if (refund.status === 'pending' && outcome === 'failed') refund.intent.refunded -= refund.amount;
    refund.status = outcome;
    if (type === 'refund.updated') return this.event(type, this.refundJson(refund));
    const { intent } = refund;
    const refunds = [...this.refunds.values()].filter((candidate) => candidate.intent === intent).reverse();
    return this.event(type, {
      id: `ch_${intent.id.slice(3)}`,
      object: 'charge',
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: intent.refunded,
      currency: intent.currency,
      payment_intent: intent.id,
      refunded: intent.refunded === intent.amount,
      status: 'succeeded',
      refunds: { object: 'list', data: refunds.map((candidate) => this.refundJson(candidate)), has_more: false, url: `/v1/charges/ch_${intent.id.slice(3)}/refunds` },
    });
  }

  /** Wraps an object in a Stripe event and signs it; `timestamp` (seconds) makes stale signatures. */
  event(type: string, object: Json, options: { timestamp?: number; secret?: string } = {}): SignedWebhook {
    const payload = JSON.stringify({
      id: fakeId('evt_'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: now(),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    });
    const header = this.signer.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? this.webhookSecret,
      timestamp: options.timestamp,
    });
    return { rawBody: Buffer.from(payload), headers: { 'stripe-signature': header } };
  }



  /** Stripe replays the first response for a repeated Idempotency-Key. */
  private idempotent(request: FakeRequest, handler: (request: FakeRequest) => FakeResponse): FakeResponse {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') return handler(request);
    const replay = this.idempotentResponses.get(key);
    if (replay) return { ...replay, headers: { 'idempotent-replayed': 'true' } };
    const response = handler(request);
    if (response.status < 500) this.idempotentResponses.set(key, response);
    return response;
  }

  private createSession(request: FakeRequest): FakeResponse {
    const body = parseStripeForm(request.rawBody.toString('utf8'));
    const lineItems = body.line_items;
    const item = Array.isArray(lineItems) ? (lineItems[0] as Json | undefined) : undefined;
    const priceData = item?.price_data as Json | undefined;
    const unitAmount = Number(priceData?.unit_amount);
    const quantity = Number(item?.quantity ?? 1);
    if (body.mode !== 'payment') return stripeError(400, 'invalid_request_error', 'Only payment mode is faked', { param: 'mode' });
    if (!priceData || !Number.isSafeInteger(unitAmount) || unitAmount <= 0) {
      return stripeError(400, 'invalid_request_error', 'Invalid integer: unit_amount', { param: 'line_items[0][price_data][unit_amount]' });
    }
    if (typeof body.success_url !== 'string') return stripeError(400, 'invalid_request_error', 'Missing required param: success_url.', { param: 'success_url' });
    const session: FakeSession = {
      id: fakeId('cs_test_'),
      amount: unitAmount * quantity,
      currency: String(priceData.currency),
      clientReferenceId: typeof body.client_reference_id === 'string' ? body.client_reference_id : null,
      customerEmail: typeof body.customer_email === 'string' ? body.customer_email : null,
      metadata: (body.metadata as Json | undefined) ?? {},
      intentMetadata: ((body.payment_intent_data as Json | undefined)?.metadata as Json | undefined) ?? {},
      createsCustomer: body.customer_creation === 'always',
      setupFutureUsage: ((body.payment_intent_data as Json | undefined)?.setup_future_usage as string | undefined) ?? null,
      successUrl: body.success_url,
      cancelUrl: typeof body.cancel_url === 'string' ? body.cancel_url : null,
      created: now(),
      status: 'open',
      paymentStatus: 'unpaid',
      paymentIntentId: null,
      customer: null,
    };
    this.sessions.set(session.id, session);
    return { status: 200, body: this.sessionJson(session, false) };
  }

  private retrieveSession(request: FakeRequest): FakeResponse {
    const session = this.sessions.get(request.params.id!);
    if (!session) return stripeError(404, 'invalid_request_error', `No such checkout.session: '${request.params.id}'`, { code: 'resource_missing' });
    const expand = parseStripeForm(request.query.toString()).expand;
    return { status: 200, body: this.sessionJson(session, Array.isArray(expand) && expand.includes('payment_intent')) };
  }

  private createIntent(request: FakeRequest): FakeResponse {
    const body = parseStripeForm(request.rawBody.toString('utf8'));
    const amount = Number(body.amount);
    if (!Number.isSafeInteger(amount) || amount <= 0) return stripeError(400, 'invalid_request_error', 'Invalid integer: amount', { param: 'amount' });
    const paymentMethod = String(body.payment_method);
    const customer = String(body.customer);
    const declining = paymentMethod === STRIPE_DECLINING_PAYMENT_METHOD;
    if (!declining && this.savedCards.get(paymentMethod) !== customer) {
      return stripeError(400, 'invalid_request_error', `No such PaymentMethod: '${paymentMethod}'`, { code: 'resource_missing', param: 'payment_method' });
    }
    if (body.confirm !== 'true' || body.off_session !== 'true') {
      return stripeError(400, 'invalid_request_error', 'The fake only supports confirmed off-session intents');
    }
    const intent = this.newIntent(amount, String(body.currency), customer, paymentMethod, (body.metadata as Json | undefined) ?? {});
    if (declining) {
      const decline = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
      intent.lastError = decline;
      return stripeError(402, 'card_error', decline.message, { ...decline, payment_intent: this.intentJson(intent) });
    }
    intent.status = 'succeeded';
    return { status: 200, body: this.intentJson(intent) };
  }

  private retrieveIntent(request: FakeRequest): FakeResponse {
    const intent = this.intents.get(request.params.id!);
    if (!intent) return stripeError(404, 'invalid_request_error', `No such payment_intent: '${request.params.id}'`, { code: 'resource_missing' });
    return { status: 200, body: this.intentJson(intent) };
  }

  private createRefund(request: FakeRequest): FakeResponse {
    const body = parseStripeForm(request.rawBody.toString('utf8'));
    const intent = this.intents.get(String(body.payment_intent));
    if (!intent) return stripeError(404, 'invalid_request_error', `No such payment_intent: '${body.payment_intent}'`, { code: 'resource_missing' });
    if (intent.status !== 'succeeded') return stripeError(400, 'invalid_request_error', 'This PaymentIntent has no successful charge to refund.');
    const refundable = intent.amount - intent.refunded;
    if (refundable === 0) return stripeError(400, 'invalid_request_error', 'Charge has already been refunded.', { code: 'charge_already_refunded' });
    const amount = body.amount === undefined ? refundable : Number(body.amount);
    if (!Number.isSafeInteger(amount) || amount <= 0) return stripeError(400, 'invalid_request_error', 'Invalid integer: amount', { param: 'amount' });
    if (amount > refundable) {
      return stripeError(400, 'invalid_request_error', `Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable})`, {
        param: 'amount',
      });
    }
    intent.refunded += amount;
    const refund: FakeRefund = { id: fakeId('re_'), intent, amount, metadata: (body.metadata as Json | undefined) ?? {}, created: now(), status: this.refundsHeld ? 'pending' : 'succeeded' };
    this.refunds.set(refund.id, refund);
    return { status: 200, body: this.refundJson(refund) };
  }

  private newIntent(amount: number, currency: string, customer: string | null, paymentMethod: string | null, metadata: Json): FakeIntent {
    const intent: FakeIntent = {
      id: fakeId('pi_'),
      amount,
      currency,
      customer,
      paymentMethod,
      metadata,
      created: now(),
      setupFutureUsage: null,
      status: 'requires_payment_method',
      refunded: 0,
      lastError: null,
    };
    this.intents.set(intent.id, intent);
    return intent;
  }

  private sessionJson(session: FakeSession, expandIntent: boolean): Json {
    const intent = session.paymentIntentId ? this.intents.get(session.paymentIntentId) : undefined;
    return {
      id: session.id,
      object: 'checkout.session',
      amount_subtotal: session.amount,
      amount_total: session.amount,
      cancel_url: session.cancelUrl,
      client_reference_id: session.clientReferenceId,
      created: session.created,
      currency: session.currency,
      customer: session.customer,
      customer_email: session.customerEmail,
      expires_at: session.created + 86_400,
      livemode: false,
      metadata: session.metadata,
      mode: 'payment',
      payment_intent: intent ? (expandIntent ? this.intentJson(intent) : intent.id) : null,
      payment_status: session.paymentStatus,
      status: session.status,
      success_url: session.successUrl,
      url: session.status === 'open' ? `${this.baseUrl}/checkout/pay/${session.id}` : null,
    };
  }

  private intentJson(intent: FakeIntent): Json {
    return {
      id: intent.id,
      object: 'payment_intent',
      amount: intent.amount,
      amount_received: intent.status === 'succeeded' ? intent.amount : 0,
      currency: intent.currency,
      customer: intent.customer,
      payment_method: intent.paymentMethod,
      setup_future_usage: intent.setupFutureUsage,
      metadata: intent.metadata,
      created: intent.created,
      livemode: false,
      status: intent.status,
      last_payment_error: intent.lastError,
      latest_charge: intent.status === 'succeeded' ? `ch_${intent.id.slice(3)}` : null,
    };
  }

  private refundJson(refund: FakeRefund): Json {
    return {
      id: refund.id,
      object: 'refund',
      amount: refund.amount,
      charge: `ch_${refund.intent.id.slice(3)}`,
      created: refund.created,
      currency: refund.intent.currency,
      metadata: refund.metadata,
      payment_intent: refund.intent.id,
      reason: null,
      status: refund.status,
    };
  }

  private mustFindSession(sessionId: string): FakeSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`fake stripe: no checkout session ${sessionId}`);
    return session;
  }
}

/**
 * Decodes Stripe's form encoding: `line_items[0][price_data][currency]=usd`, `metadata[k]=v`,
 * `expand[0]=payment_intent` (arrays are objects with numeric keys, turned back into arrays).
 */
export function parseStripeForm(encoded: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const path = key.split('[').map((part) => part.replace(/\]$/, ''));
    let node = root;
    path.forEach((segment, index) => {
      if (index === path.length - 1) {
        node[segment] = value;
      } else {
        node[segment] ??= {};
        node = node[segment] as Json;
      }
    });
  }
  return arraysFromNumericKeys(root) as Json;
}

function arraysFromNumericKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Json).map(([key, child]) => [key, arraysFromNumericKeys(child)] as const);
  const numeric = entries.length > 0 && entries.every(([key]) => /^\d+$/.test(key));
  return numeric ? entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, child]) => child) : Object.fromEntries(entries);
}

export function startFakeStripe(options?: FakeStripeOptions): Promise<FakeStripe> {
  return FakeStripe.start(options);
}
