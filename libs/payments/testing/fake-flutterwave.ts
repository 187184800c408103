// A local Flutterwave v3 (/v3 API): Bearer secret key, the { status, message, data } envelope,
// amounts in major units, hosted payments, card tokens, refunds bounded by the paid amount.
// Webhooks carry the legacy `verif-hash` header (the secret hash itself) and/or the
// `flutterwave-signature` header (base64 HMAC-SHA256 of the raw body with the secret hash).

import { createHmac } from 'node:crypto';
import { currencyExponent } from '@nova/domain';
import {
  bearerToken,
  type FakeRequest,
  type FakeResponse,
  FakeServer,
  fakeId,
  jsonBody,
  type SignedWebhook,
  SigningFakeProvider,
} from './fake-server';

export interface FakeFlutterwaveOptions {
  readonly secretKey?: string;
  readonly secretHash?: string;
}

export type FlutterwaveSignatureStyle = 'verif-hash' | 'flutterwave-signature' | 'both';

type Json = Record<string, unknown>;

interface HostedPayment {
  readonly txRef: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly email: string;
  readonly meta: unknown;
}

interface FlutterwaveTransaction extends HostedPayment {
  readonly id: number;
  readonly createdAt: string;
  readonly cardToken: string;
  status: 'successful' | 'failed';
  refundedMinor: number;
}

interface FlutterwaveRefund {
  readonly id: number;
  readonly transaction: FlutterwaveTransaction;
  readonly amountMinor: number;
  readonly flwRef: string;
  readonly createdAt: string;
  status: 'pending' | 'completed' | 'failed';
}

/** A card token whose tokenized charges always fail. */
export const FLUTTERWAVE_DECLINING_TOKEN = 'flw-t1nf-declines-m03k';

const fail = (status: number, message: string): FakeResponse => ({ status, body: { status: 'error', message, data: null } });
const ok = (message: string, data: unknown): FakeResponse => ({ status: 200, body: { status: 'success', message, data } });

/** Major-unit JSON amounts to integer minor units, refusing extra decimals, as Flutterwave would. */
function toMinor(value: unknown, currency: string): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  const exponent = currencyExponent(currency);
  if (!match || (match[2] ?? '').replace(/0+$/, '').length > exponent) return undefined;
  return Number(match[1]) * 10 ** exponent + Number((match[2] ?? '').padEnd(exponent, '0').slice(0, exponent) || '0');
}

function toMajor(minor: number, currency: string): number {
  return minor / 10 ** currencyExponent(currency);
}

export class FakeFlutterwave extends SigningFakeProvider {
  private readonly hosted = new Map<string, HostedPayment>();
  private readonly transactions = new Map<string, FlutterwaveTransaction>();
  private readonly tokens = new Map<string, string>();
  /** What GET /transactions/:id/verify (and verify_by_reference) answers instead of the truth, by tx_ref. */
  private readonly misreported = new Map<string, Partial<Pick<FlutterwaveTransaction, 'amountMinor' | 'currency' | 'status' | 'txRef'>>>();
  private nextId = 4_000_000;
  private readonly refunds = new Map<string, FlutterwaveRefund>();
  /** Refunds answer `pending` and settle by webhook (settleRefund) instead of `completed` at once. */
  private refundsHeld = false;

  private constructor(
    readonly secretKey: string,
    readonly secretHash: string,
  ) {
    super();
  }

  static async start(options: FakeFlutterwaveOptions = {}): Promise<FakeFlutterwave> {
    const fake = new FakeFlutterwave(options.secretKey ?? 'FLWSECK_TEST-fakeflutterwave0001-X', options.secretHash ?? 'fake-flutterwave-secret-hash');
    fake.server = await FakeServer.start(
      [
        { method: 'POST', pattern: '/v3/payments', handler: (request) => fake.createHostedPayment(request) },
        { method: 'GET', pattern: '/v3/transactions/verify_by_reference', handler: (request) => fake.verifyByReference(request) },
        { method: 'GET', pattern: '/v3/transactions/:id/verify', handler: (request) => fake.verifyById(request) },
        { method: 'POST', pattern: '/v3/tokenized-charges', handler: (request) => fake.tokenizedCharge(request) },
        { method: 'POST', pattern: '/v3/transactions/:id/refund', handler: (request) => fake.refund(request) },
        { method: 'GET', pattern: '/v3/balances', handler: () => ok('Wallet balances fetched', [{ currency: 'NGN', available_balance: 0, ledger_balance: 0 }]) },
      ],
      (request) => (bearerToken(request) === fake.secretKey ? undefined : fail(401, 'Invalid authorization key')),
    );
    return fake;
  }

  /** What the adapter takes as baseUrl (Flutterwave's is https://api.flutterwave.com/v3). */
  override get baseUrl(): string {
    return `${this.server.origin}/v3`;
  }


  /**
   * The customer paid on the hosted page: returns the signed charge.completed webhook, in the
   * current `{ event, data }` shape or (shape 'flat') the legacy one with the charge at the top.
   */
  completePayment(txRef: string, options: { outcome?: 'successful' | 'failed'; style?: FlutterwaveSignatureStyle; shape?: 'nested' | 'flat' } = {}): SignedWebhook {
    const payment = this.hosted.get(txRef);
    if (!payment) throw new Error(`fake flutterwave: no hosted payment ${txRef}`);
    const transaction = this.record(payment, options.outcome ?? 'successful');
    return this.chargeWebhook(transaction, options.style, options.shape);
  }

  /**
   * A payment made outside our checkout (inline checkout, where the payer writes `meta`): it
   * really happened, so verification confirms it. Returns its signed charge.completed.
   */
  paidElsewhere(options: { amountMinor: number; currency: string; meta?: unknown; email?: string }): { txRef: string; id: number; webhook: SignedWebhook } {
    const txRef = fakeId('ext-');
    const transaction = this.record({ txRef, amountMinor: options.amountMinor, currency: options.currency, email: options.email ?? 'payer@example.test', meta: options.meta ?? null }, 'successful');
    return { txRef, id: transaction.id, webhook: this.chargeWebhook(transaction) };
  }

  /** A charge.completed with a valid secret hash for a transaction Flutterwave never had (verify: not found). */
  forgeChargeCompleted(options: { txRef: string; amountMinor: number; currency: string; meta?: unknown }): SignedWebhook {
    const forged: FlutterwaveTransaction = {
      txRef: options.txRef, amountMinor: options.amountMinor, currency: options.currency, email: 'forger@example.test', meta: options.meta ?? null,
      id: 9_000_000 + this.nextId++, createdAt: new Date().toISOString(), cardToken: 'flw-t1nf-forged', status: 'successful', refundedMinor: 0,
    };
    return this.chargeWebhook(forged);
  }

  /** From now on, verifying the transaction of `txRef` answers these values instead of its own. */
  misreportVerification(txRef: string, values: Partial<Pick<FlutterwaveTransaction, 'amountMinor' | 'currency' | 'status' | 'txRef'>>): void {
    this.misreported.set(txRef, values);
  }

  private chargeWebhook(transaction: FlutterwaveTransaction, style?: FlutterwaveSignatureStyle, shape: 'nested' | 'flat' = 'nested'): SignedWebhook {
    if (shape === 'flat') return this.sign(this.legacyJson(transaction), style);
    return this.sign({ event: 'charge.completed', data: this.transactionJson(transaction), 'event.type': 'CARD_TRANSACTION' }, style);
  }

  /** From now on refunds are accepted as `pending` and finished later by settleRefund's webhook. */
  holdRefunds(held = true): void {
    this.refundsHeld = held;
  }

  /**
   * Flutterwave finished a held refund: returns its signed refund webhook, the refund object the
   * refund endpoint answers with under `event: "refund.completed"` (plus the currency, which the
   * major-unit amount needs). A failed refund gives its amount back to the transaction.
   */
  settleRefund(refundId: string, outcome: 'completed' | 'failed' = 'completed', style?: FlutterwaveSignatureStyle): SignedWebhook {
    const refund = this.refunds.get(refundId);
    if (!refund) throw new Error(`fake flutterwave: no refund ${refundId}`);
    refund.status = outcome;
    if (outcome === 'failed') refund.transaction.refundedMinor -= refund.amountMinor;
    return this.sign({ event: outcome === 'failed' ? 'refund.failed' : 'refund.completed', data: this.refundJson(refund), 'event.type': 'Refund' }, style);
  }

  cardTokenFor(txRef: string): string {
    const transaction = this.transactions.get(txRef);
    if (!transaction) throw new Error(`fake flutterwave: no transaction ${txRef}`);
    return transaction.cardToken;
  }

  /** Signs a body with the secret hash in the chosen header style(s). */
  sign(body: unknown, style: FlutterwaveSignatureStyle = 'verif-hash', secretHash = this.secretHash): SignedWebhook {
    const rawBody = Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = {};
    if (style !== 'flutterwave-signature') headers['verif-hash'] = secretHash;
    if (style !== 'verif-hash') headers['flutterwave-signature'] = createHmac('sha256', secretHash).update(rawBody).digest('base64');
    return { rawBody, headers };
  }



  private createHostedPayment(request: FakeRequest): FakeResponse {
    const body = jsonBody(request);
    const currency = String(body.currency ?? 'NGN');
    const amountMinor = toMinor(body.amount, currency);
    const customer = (body.customer ?? {}) as Json;
    if (amountMinor === undefined || amountMinor <= 0) return fail(400, 'Invalid amount');
    if (typeof body.tx_ref !== 'string') return fail(400, 'tx_ref is required');
    if (typeof body.redirect_url !== 'string') return fail(400, 'redirect_url is required');
    if (typeof customer.email !== 'string') return fail(400, 'customer.email is required');
    if (this.hosted.has(body.tx_ref)) return fail(400, 'Duplicate tx_ref');
    this.hosted.set(body.tx_ref, { txRef: body.tx_ref, amountMinor, currency, email: customer.email, meta: body.meta ?? null });
    return ok('Hosted Link', { link: `${this.server.origin}/v3/hosted/pay/${fakeId('')}` });
  }

  private verifyByReference(request: FakeRequest): FakeResponse {
    const transaction = this.transactions.get(request.query.get('tx_ref') ?? '');
    return transaction ? this.verification(transaction) : fail(400, 'No transaction was found for this id');
  }

  private verifyById(request: FakeRequest): FakeResponse {
    const transaction = this.byId(request.params.id!);
    return transaction ? this.verification(transaction) : fail(400, 'No transaction was found for this id');
  }

  private verification(transaction: FlutterwaveTransaction): FakeResponse {
    return ok('Transaction fetched successfully', this.transactionJson({ ...transaction, ...this.misreported.get(transaction.txRef) }));
  }

  /** The legacy flat webhook body: the charge at the top level, camel-cased references. */
  private legacyJson(transaction: FlutterwaveTransaction): Json {
    const amount = toMajor(transaction.amountMinor, transaction.currency);
    return {
      id: transaction.id,
      txRef: transaction.txRef,
      flwRef: `FLW-MOCK-${transaction.id}`,
      orderRef: `URF_${transaction.id}`,
      paymentPlan: null,
      paymentPage: null,
      createdAt: transaction.createdAt,
      amount,
      charged_amount: amount,
      status: transaction.status,
      IP: '127.0.0.1',
      currency: transaction.currency,
      appfee: 0,
      merchantfee: 0,
      merchantbearsfee: 1,
      charge_type: 'normal',
      customer: { id: 216519823, phone: 'N/A', fullName: 'Anonymous', customertoken: null, email: transaction.email, createdAt: transaction.createdAt },
      entity: { card6: '553188', card_last4: '2950', card_country_iso: 'NG', createdAt: transaction.createdAt },
      meta: transaction.meta,
      'event.type': 'CARD_TRANSACTION',
    };
  }

  private tokenizedCharge(request: FakeRequest): FakeResponse {
    const body = jsonBody(request);
    const currency = String(body.currency);
    const amountMinor = toMinor(body.amount, currency);
    const token = String(body.token);
    if (amountMinor === undefined || amountMinor <= 0) return fail(400, 'Invalid amount');
    if (typeof body.tx_ref !== 'string' || this.transactions.has(body.tx_ref)) return fail(400, 'tx_ref is missing or already used');
    if (token !== FLUTTERWAVE_DECLINING_TOKEN && this.tokens.get(token) !== body.email) return fail(400, 'Token not found');
    const transaction = this.record(
      { txRef: body.tx_ref, amountMinor, currency, email: String(body.email), meta: body.meta ?? null },
      token === FLUTTERWAVE_DECLINING_TOKEN ? 'failed' : 'successful',
    );
    return ok('Charge successful', this.transactionJson(transaction));
  }

  private refund(request: FakeRequest): FakeResponse {
    const transaction = this.byId(request.params.id!);
    if (!transaction) return fail(400, 'No transaction was found for this id');
    if (transaction.status !== 'successful') return fail(400, 'Only successful transactions can be refunded');
    const body = jsonBody(request);
    const refundable = transaction.amountMinor - transaction.refundedMinor;
    const amountMinor = body.amount === undefined ? refundable : toMinor(body.amount, transaction.currency);
    if (amountMinor === undefined || amountMinor <= 0) return fail(400, 'Invalid amount');
    if (amountMinor > refundable) return fail(400, 'Refund amount is greater than the amount left to refund');
    transaction.refundedMinor += amountMinor;
    const refund: FlutterwaveRefund = {
      id: this.nextId++,
      transaction,
      amountMinor,
      flwRef: fakeId('URF_'),
      createdAt: new Date().toISOString(),
      status: this.refundsHeld ? 'pending' : 'completed',
    };
    this.refunds.set(String(refund.id), refund);
    return ok('Transaction refund initiated', this.refundJson(refund));
  }

  private refundJson(refund: FlutterwaveRefund): Json {
    return {
      id: refund.id,
      account_id: 73362,
      tx_id: refund.transaction.id,
      flw_ref: refund.flwRef,
      wallet_id: 74639,
      amount_refunded: toMajor(refund.amountMinor, refund.transaction.currency),
      currency: refund.transaction.currency,
      status: refund.status,
      destination: 'payment_source',
      meta: { source: 'availablebalance' },
      created_at: refund.createdAt,
    };
  }

  private record(payment: HostedPayment, status: 'successful' | 'failed'): FlutterwaveTransaction {
    const cardToken = fakeId('flw-t1nf-');
    this.tokens.set(cardToken, payment.email);
    const transaction: FlutterwaveTransaction = { ...payment, id: this.nextId++, createdAt: new Date().toISOString(), cardToken, status, refundedMinor: 0 };
    this.transactions.set(payment.txRef, transaction);
    return transaction;
  }

  private byId(id: string): FlutterwaveTransaction | undefined {
    return [...this.transactions.values()].find((transaction) => String(transaction.id) === id);
  }

  private transactionJson(transaction: FlutterwaveTransaction): Json {
    const amount = toMajor(transaction.amountMinor, transaction.currency);
    return {
      id: transaction.id,
      tx_ref: transaction.txRef,
      flw_ref: `FLW-MOCK-${transaction.id}`,
      device_fingerprint: 'N/A',
      amount,
      currency: transaction.currency,
      charged_amount: amount,
      app_fee: 0,
      merchant_fee: 0,
      processor_response: transaction.status === 'successful' ? 'Approved. Successful' : 'Declined',
      auth_model: 'noauth',
      narration: 'CARD Transaction ',
      status: transaction.status,
      payment_type: 'card',
      created_at: transaction.createdAt,
      account_id: 17321,
      card: { first_6digits: '553188', last_4digits: '2950', issuer: 'MASTERCARD', country: 'NG', type: 'MASTERCARD', token: transaction.cardToken, expiry: '09/32' },
      meta: transaction.meta,
      customer: { id: 216519823, name: 'Anonymous', phone_number: 'N/A', email: transaction.email, created_at: transaction.createdAt },
    };
  }
}

export function startFakeFlutterwave(options?: FakeFlutterwaveOptions): Promise<FakeFlutterwave> {
  return FakeFlutterwave.start(options);
}
