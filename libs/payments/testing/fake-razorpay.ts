// A local Razorpay (/v1 API): Basic auth with key_id:key_secret, Razorpay's error envelope
// ({ error: { code, description, ... } }), payment links, orders, recurring payments on saved
// tokens, and refunds bounded by the captured amount with X-Refund-Idempotency replay.
// Webhooks: hex HMAC-SHA256 of the raw body with the webhook secret, plus x-razorpay-event-id.

import { createHmac } from 'node:crypto';
import {
  basicCredentials,
  type FakeRequest,
  type FakeResponse,
  FakeServer,
  fakeId,
  integerField,
  jsonBody,
  type SignedWebhook,
  SigningFakeProvider,
} from './fake-server';

export interface FakeRazorpayOptions {
  readonly keyId?: string;
  readonly keySecret?: string;
  readonly webhookSecret?: string;
}

type Json = Record<string, unknown>;

interface RazorpayLink {
  readonly id: string;
  readonly amount: number;
  readonly currency: string;
  readonly referenceId: string;
  readonly notes: Json;
  readonly shortUrl: string;
  readonly createdAt: number;
  status: 'created' | 'paid' | 'cancelled' | 'expired';
  paymentId: string | null;
}

interface RazorpayPayment {
  readonly id: string;
  readonly amount: number;
  readonly currency: string;
  readonly orderId: string | null;
  readonly notes: Json;
  readonly email: string;
  readonly contact: string;
  readonly createdAt: number;
  status: 'captured' | 'failed' | 'refunded';
  refunded: number;
}

interface RazorpayRefund {
  readonly id: string;
  readonly payment: RazorpayPayment;
  readonly amount: number;
  readonly notes: Json;
  readonly createdAt: number;
  status: 'pending' | 'processed' | 'failed';
}

/** A saved token whose recurring charges always fail. */
export const RAZORPAY_DECLINING_TOKEN = 'token_declines0000';

const seconds = () => Math.floor(Date.now() / 1000);

function badRequest(description: string, field?: string): FakeResponse {
  return {
    status: 400,
    body: { error: { code: 'BAD_REQUEST_ERROR', description, source: 'business', step: 'payment_initiation', reason: 'input_validation_failed', metadata: {}, field } },
  };
}

export class FakeRazorpay extends SigningFakeProvider {
  private readonly links = new Map<string, RazorpayLink>();
  private readonly payments = new Map<string, RazorpayPayment>();
  private readonly orders = new Map<string, { amount: number; currency: string; receipt: string }>();
  private readonly refunds = new Map<string, RazorpayRefund>();
  private readonly refundsByIdempotencyKey = new Map<string, RazorpayRefund>();
  private readonly tokens = new Map<string, string>();

  private constructor(
    readonly keyId: string,
    readonly keySecret: string,
    readonly webhookSecret: string,
  ) {
    super();
  }

  static async start(options: FakeRazorpayOptions = {}): Promise<FakeRazorpay> {
    const fake = new FakeRazorpay(
      options.keyId ?? 'rzp_test_fake0000000001',
      options.keySecret ?? 'fake_razorpay_key_secret_0001',
      options.webhookSecret ?? 'fake_razorpay_webhook_secret',
    );
    fake.server = await FakeServer.start(
      [
        { method: 'POST', pattern: '/v1/payment_links', handler: (request) => fake.createLink(request) },
        { method: 'GET', pattern: '/v1/payment_links/:id', handler: (request) => fake.fetchLink(request) },
        { method: 'POST', pattern: '/v1/orders', handler: (request) => fake.createOrder(request) },
        { method: 'POST', pattern: '/v1/payments/create/recurring', handler: (request) => fake.createRecurring(request) },
        { method: 'GET', pattern: '/v1/payments', handler: () => ({ status: 200, body: { entity: 'collection', count: 0, items: [] } }) },
        { method: 'GET', pattern: '/v1/payments/:id', handler: (request) => fake.fetchPayment(request) },
        { method: 'POST', pattern: '/v1/payments/:id/refund', handler: (request) => fake.createRefund(request) },
      ],
      (request) => {
        const credentials = basicCredentials(request);
        return credentials?.user === fake.keyId && credentials.password === fake.keySecret
          ? undefined
          : { status: 401, body: { error: { code: 'BAD_REQUEST_ERROR', description: 'Authentication failed' } } };
      },
    );
    return fake;
  }

  /** What the adapter takes as baseUrl (Razorpay's is https://api.razorpay.com/v1). */
  override get baseUrl(): string {
    return `${this.server.origin}/v1`;
  }


  /** The customer paid the link: returns the signed payment_link.paid webhook. */
  completePayment(linkId: string): SignedWebhook {
    const link = this.links.get(linkId);
    if (!link) throw new Error(`fake razorpay: no payment link ${linkId}`);
    const payment = this.newPayment(link.amount, link.currency, null, {}, 'payer@example.in', '+919000090000');
    link.status = 'paid';
    link.paymentId = payment.id;
    return this.event('payment_link.paid', {
      payment_link: { entity: this.linkJson(link) },
      order: { entity: { id: fakeId('order_'), amount: link.amount, amount_paid: link.amount, currency: link.currency, status: 'paid' } },
      payment: { entity: this.paymentJson(payment) },
    });
  }

  /** A customer with a saved card token for recurring charges. */
  createSavedToken(): { customerId: string; token: string } {
    const customerId = fakeId('cust_');
    const token = fakeId('token_');
    this.tokens.set(token, customerId);
    return { customerId, token };
  }

  /** payment.captured / payment.failed for a payment, as Razorpay sends them. */
  paymentEvent(paymentId: string): SignedWebhook {
    const payment = this.payments.get(paymentId);
    if (!payment) throw new Error(`fake razorpay: no payment ${paymentId}`);
    return this.event(payment.status === 'failed' ? 'payment.failed' : 'payment.captured', { payment: { entity: this.paymentJson(payment) } });
  }

  settleRefund(refundId: string, outcome: 'processed' | 'failed' = 'processed'): SignedWebhook {
    const refund = this.refunds.get(refundId);
    if (!refund) throw new Error(`fake razorpay: no refund ${refundId}`);
    refund.status = outcome;
    if (outcome === 'failed') refund.payment.refunded -= refund.amount;
    return this.event(`refund.${outcome}`, { refund: { entity: this.refundJson(refund) }, payment: { entity: this.paymentJson(refund.payment) } });
  }

  /** Signs an event envelope like Razorpay; pass `secret` to forge one with another secret. */
  event(event: string, payload: Json, options: { secret?: string } = {}): SignedWebhook {
    const rawBody = Buffer.from(
      JSON.stringify({ entity: 'event', account_id: 'acc_fake000001', event, contains: Object.keys(payload), payload, created_at: seconds() }),
    );
    const signature = createHmac('sha256', options.secret ?? this.webhookSecret).update(rawBody).digest('hex');
    return { rawBody, headers: { 'x-razorpay-signature': signature, 'x-razorpay-event-id': fakeId('') } };
  }



  private createLink(request: FakeRequest): FakeResponse {
    const body = jsonBody(request);
    const amount = integerField(body.amount);
    if (amount === undefined || amount <= 0) return badRequest('The amount must be an integer greater than 0.', 'amount');
    const referenceId = String(body.reference_id ?? '');
    if ([...this.links.values()].some((link) => link.referenceId === referenceId && referenceId !== '')) {
      return badRequest(`payment link with given reference_id ${referenceId} already exists`, 'reference_id');
    }
    const id = fakeId('plink_');
    const link: RazorpayLink = {
      id,
      amount,
      currency: String(body.currency ?? 'INR'),
      referenceId,
      notes: (body.notes as Json | undefined) ?? {},
      shortUrl: `${this.server.origin}/i/${id.slice(6)}`,
      createdAt: seconds(),
      status: 'created',
      paymentId: null,
    };
    this.links.set(id, link);
    return { status: 200, body: this.linkJson(link) };
  }

  private fetchLink(request: FakeRequest): FakeResponse {
    const link = this.links.get(request.params.id!);
    return link ? { status: 200, body: this.linkJson(link) } : badRequest('The id provided does not exist', 'id');
  }

  private createOrder(request: FakeRequest): FakeResponse {
    const body = jsonBody(request);
    const amount = integerField(body.amount);
    if (amount === undefined || amount < 100) return badRequest('The amount must be atleast INR 1.00', 'amount');
    const id = fakeId('order_');
    this.orders.set(id, { amount, currency: String(body.currency), receipt: String(body.receipt) });
    return { status: 200, body: { id, entity: 'order', amount, amount_paid: 0, amount_due: amount, currency: body.currency, receipt: body.receipt, status: 'created', notes: body.notes ?? [], created_at: seconds() } };
  }

  private createRecurring(request: FakeRequest): FakeResponse {
    const body = jsonBody(request);
    const order = this.orders.get(String(body.order_id));
    if (!order) return badRequest('The id provided does not exist', 'order_id');
    if (integerField(body.amount) !== order.amount) return badRequest('The amount must match the order amount', 'amount');
    const token = String(body.token);
    if (token !== RAZORPAY_DECLINING_TOKEN && this.tokens.get(token) !== body.customer_id) return badRequest('The token id provided does not exist', 'token');
    if (body.recurring !== '1' && body.recurring !== true) return badRequest('recurring must be 1', 'recurring');
    const payment = this.newPayment(order.amount, order.currency, String(body.order_id), (body.notes as Json | undefined) ?? {}, String(body.email), String(body.contact));
    if (token === RAZORPAY_DECLINING_TOKEN) payment.status = 'failed';
    return { status: 200, body: { razorpay_payment_id: payment.id, razorpay_order_id: body.order_id, razorpay_signature: createHmac('sha256', this.keySecret).update(`${body.order_id}|${payment.id}`).digest('hex') } };
  }

  private fetchPayment(request: FakeRequest): FakeResponse {
    const payment = this.payments.get(request.params.id!);
    return payment ? { status: 200, body: this.paymentJson(payment) } : badRequest('The id provided does not exist', 'id');
  }

  private createRefund(request: FakeRequest): FakeResponse {
    const key = request.headers['x-refund-idempotency'];
    if (typeof key === 'string') {
      if (!/^[A-Za-z0-9_-]{10,}$/.test(key)) return badRequest('X-Refund-Idempotency must be at least 10 characters of A-Z, a-z, 0-9, _ or -');
      const replay = this.refundsByIdempotencyKey.get(key);
      if (replay) return { status: 200, body: this.refundJson(replay) };
    }
    const payment = this.payments.get(request.params.id!);
    if (!payment) return badRequest('The id provided does not exist', 'id');
    if (payment.status === 'failed') return badRequest('The payment has not been captured');
    const body = jsonBody(request);
    const refundable = payment.amount - payment.refunded;
    if (refundable === 0) return badRequest('The payment has been fully refunded already');
    const amount = body.amount === undefined ? refundable : integerField(body.amount);
    if (amount === undefined || amount <= 0) return badRequest('The amount must be an integer greater than 0.', 'amount');
    if (amount > refundable) return badRequest('The refund amount provided is greater than amount captured', 'amount');
    payment.refunded += amount;
    if (payment.refunded === payment.amount) payment.status = 'refunded';
    const refund: RazorpayRefund = { id: fakeId('rfnd_'), payment, amount, notes: (body.notes as Json | undefined) ?? {}, createdAt: seconds(), status: 'pending' };
    this.refunds.set(refund.id, refund);
    if (typeof key === 'string') this.refundsByIdempotencyKey.set(key, refund);
    return { status: 200, body: this.refundJson(refund) };
  }

  private newPayment(amount: number, currency: string, orderId: string | null, notes: Json, email: string, contact: string): RazorpayPayment {
    const payment: RazorpayPayment = { id: fakeId('pay_'), amount, currency, orderId, notes, email, contact, createdAt: seconds(), status: 'captured', refunded: 0 };
    this.payments.set(payment.id, payment);
    return payment;
  }

  private linkJson(link: RazorpayLink): Json {
    const payment = link.paymentId ? this.payments.get(link.paymentId) : undefined;
    return {
      id: link.id,
      accept_partial: false,
      amount: link.amount,
      amount_paid: link.status === 'paid' ? link.amount : 0,
      currency: link.currency,
      reference_id: link.referenceId,
      notes: link.notes,
      short_url: link.shortUrl,
      status: link.status,
      created_at: link.createdAt,
      payments: payment
        ? [{ amount: payment.amount, created_at: payment.createdAt, method: 'card', payment_id: payment.id, plink_id: link.id, status: 'captured', updated_at: payment.createdAt }]
        : null,
    };
  }

  private paymentJson(payment: RazorpayPayment): Json {
    return {
      id: payment.id,
      entity: 'payment',
      amount: payment.amount,
      currency: payment.currency,
      status: payment.status,
      order_id: payment.orderId,
      international: false,
      method: 'card',
      amount_refunded: payment.refunded,
      refund_status: payment.refunded === 0 ? null : payment.refunded === payment.amount ? 'full' : 'partial',
      captured: payment.status !== 'failed',
      email: payment.email,
      contact: payment.contact,
      notes: Object.keys(payment.notes).length === 0 ? [] : payment.notes,
      error_code: payment.status === 'failed' ? 'BAD_REQUEST_ERROR' : null,
      error_description: payment.status === 'failed' ? 'Payment failed because the card was declined' : null,
      created_at: payment.createdAt,
    };
  }

  private refundJson(refund: RazorpayRefund): Json {
    return {
      id: refund.id,
      entity: 'refund',
      amount: refund.amount,
      currency: refund.payment.currency,
      payment_id: refund.payment.id,
      notes: refund.notes,
      receipt: null,
      status: refund.status,
      speed_requested: 'normal',
      created_at: refund.createdAt,
    };
  }
}

export function startFakeRazorpay(options?: FakeRazorpayOptions): Promise<FakeRazorpay> {
  return FakeRazorpay.start(options);
}
