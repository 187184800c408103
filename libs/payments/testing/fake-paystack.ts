// A local Paystack: the endpoints the adapter uses, with Paystack's paths, Bearer auth, envelope
// ({ status, message, data }) and field names, keeping transactions and refunds in memory.
// Webhooks are signed like Paystack's: hex HMAC-SHA512 of the raw body keyed with the secret key
// (computed here with node:crypto directly, independently of the adapter's verifier).

import { createHmac } from 'node:crypto';
import {
  bearerToken,
  type FakeRequest,
  type FakeResponse,
  FakeServer,
  fakeId,
  integerField,
  jsonBody,
  type SignedWebhook,
  SigningFakeProvider,
} from './fake-server';

export interface FakePaystackOptions {
  readonly secretKey?: string;
}

interface PaystackAuthorization {
  readonly authorization_code: string;
  readonly reusable: boolean;
  readonly email: string;
}

interface PaystackTransaction {
  readonly id: number;
  readonly reference: string;
  readonly amount: number;
  readonly currency: string;
  readonly email: string;
  readonly metadata: unknown;
  readonly createdAt: string;
  status: 'abandoned' | 'success' | 'failed' | 'reversed';
  paidAt: string | null;
  gatewayResponse: string;
  authorization?: PaystackAuthorization;
  refunded: number;
}

interface PaystackRefund {
  readonly id: number;
  readonly transaction: PaystackTransaction;
  readonly amount: number;
  status: 'pending' | 'processed' | 'failed';
}

/** Paystack test authorization codes that always decline. */
export const PAYSTACK_DECLINING_AUTHORIZATION = 'AUTH_declined0';

const fail = (status: number, message: string): FakeResponse => ({ status, body: { status: false, message } });
const ok = (message: string, data: unknown): FakeResponse => ({ status: 200, body: { status: true, message, data } });

export class FakePaystack extends SigningFakeProvider {
  private readonly transactions = new Map<string, PaystackTransaction>();
  private readonly refunds = new Map<number, PaystackRefund>();
  private readonly authorizations = new Map<string, PaystackAuthorization>();
  /** What GET /transaction/verify answers instead of the truth, by reference. */
  private readonly misreported = new Map<string, Partial<Pick<PaystackTransaction, 'amount' | 'currency' | 'status'>>>();
  /** Verifications of a reference still to answer with a 503, by reference. */
  private readonly failingVerifications = new Map<string, number>();
  private nextNumericId = 3_000_000;

  private constructor(readonly secretKey: string) {
    super();
  }

  static async start(options: FakePaystackOptions = {}): Promise<FakePaystack> {
    const fake = new FakePaystack(options.secretKey ?? 'sk_test_fakepaystack0000000000000001');
    fake.server = await FakeServer.start(
      [
        { method: 'POST', pattern: '/transaction/initialize', handler: (request) => fake.initialize(request) },
        { method: 'GET', pattern: '/transaction/verify/:reference', handler: (request) => fake.verify(request) },
        { method: 'POST', pattern: '/transaction/charge_authorization', handler: (request) => fake.chargeAuthorization(request) },
        { method: 'POST', pattern: '/refund', handler: (request) => fake.createRefund(request) },
        { method: 'GET', pattern: '/balance', handler: () => ok('Balances retrieved', [{ currency: 'NGN', balance: 0 }]) },
      ],
      (request) => (bearerToken(request) === fake.secretKey ? undefined : fail(401, 'Invalid key')),
    );
    return fake;
  }



  /** The customer paid on the hosted page: returns the signed `charge.success` webhook. */
  completePayment(reference: string, options: { reusableAuthorization?: boolean } = {}): SignedWebhook {
    const transaction = this.mustFind(reference);
    const authorization: PaystackAuthorization = {
      authorization_code: fakeId('AUTH_'),
      reusable: options.reusableAuthorization ?? true,
      email: transaction.email,
    };
    this.authorizations.set(authorization.authorization_code, authorization);
    transaction.authorization = authorization;
    transaction.status = 'success';
    transaction.paidAt = new Date().toISOString();
    transaction.gatewayResponse = 'Approved';
    return this.sign({ event: 'charge.success', data: this.transactionJson(transaction) });
  }

  /**
   * A payment made outside our checkout (Paystack's inline popup, where the payer writes the
   * metadata): it really happened, so verify confirms it. Returns its signed `charge.success`.
   */
  paidElsewhere(options: { amount: number; currency: string; metadata?: unknown; email?: string; reference?: string }): { reference: string; webhook: SignedWebhook } {
    const reference = options.reference ?? fakeId('T');
    this.newTransaction(reference, options.amount, { currency: options.currency, email: options.email ?? 'payer@example.test', metadata: options.metadata });
    return { reference, webhook: this.completePayment(reference) };
  }

  /** A correctly signed `charge.success` for a transaction Paystack never had (verify: "not found"). */
  forgeChargeSuccess(options: { reference: string; amount: number; currency: string; metadata?: unknown }): SignedWebhook {
    const now = new Date().toISOString();
    const forged: PaystackTransaction = {
      id: this.nextNumericId++, reference: options.reference, amount: options.amount, currency: options.currency, email: 'forger@example.test',
      metadata: options.metadata ?? '', createdAt: now, status: 'success', paidAt: now, gatewayResponse: 'Approved', refunded: 0,
    };
    return this.sign({ event: 'charge.success', data: this.transactionJson(forged) });
  }

  /** The next `times` verifications of `reference` answer 503 (other requests are unaffected). */
  failVerification(reference: string, times: number): void {
    this.failingVerifications.set(reference, times);
  }

  /** From now on, verifying `reference` answers these values instead of the transaction's own. */
  misreportVerification(reference: string, values: Partial<Pick<PaystackTransaction, 'amount' | 'currency' | 'status'>>): void {
    this.misreported.set(reference, values);
  }

  /** The customer's payment failed; Paystack sends no webhook for this, verify shows it. */
  failPayment(reference: string): void {
    const transaction = this.mustFind(reference);
    transaction.status = 'failed';
    transaction.gatewayResponse = 'Declined';
  }

  /** Paystack finished a refund: returns the signed `refund.processed` / `refund.failed` webhook. */
  settleRefund(refundId: string, outcome: 'processed' | 'failed' = 'processed'): SignedWebhook {
    const refund = this.refunds.get(Number(refundId));
    if (!refund) throw new Error(`fake paystack: no refund ${refundId}`);
    refund.status = outcome;
    if (outcome === 'failed') refund.transaction.refunded -= refund.amount;
    return this.sign({
      event: `refund.${outcome}`,
      data: {
        status: outcome,
        transaction_reference: refund.transaction.reference,
        refund_reference: outcome === 'processed' ? fakeId('') : null,
        amount: String(refund.amount),
        currency: refund.transaction.currency,
        processor: 'fake',
        customer: { email: refund.transaction.email },
        domain: 'test',
      },
    });
  }

  authorizationCodeFor(reference: string): string {
    const code = this.mustFind(reference).authorization?.authorization_code;
    if (!code) throw new Error(`fake paystack: ${reference} has no authorization yet`);
    return code;
  }

  /** Signs any body with the secret key, as Paystack does (for hand-made or tampered payloads). */
  sign(body: unknown): SignedWebhook {
    const rawBody = Buffer.from(JSON.stringify(body));
    return { rawBody, headers: paystackSignatureHeaders(this.secretKey, rawBody) };
  }



  private initialize(request: FakeRequest): FakeResponse {
    const body = jsonBody(request);
    const amount = integerField(body.amount);
    if (typeof body.email !== 'string' || !body.email.includes('@')) return fail(400, 'Invalid Email Address Passed');
    if (amount === undefined || amount <= 0) return fail(400, 'Invalid Amount Sent');
    const reference = typeof body.reference === 'string' ? body.reference : fakeId('T');
    if (this.transactions.has(reference)) return fail(400, 'Duplicate Transaction Reference');
    const transaction = this.newTransaction(reference, amount, body);
    const accessCode = fakeId('');
    return ok('Authorization URL created', {
      authorization_url: `${this.baseUrl}/checkout/${accessCode}`,
      access_code: accessCode,
      reference: transaction.reference,
    });
  }

  private verify(request: FakeRequest): FakeResponse {
    const failures = this.failingVerifications.get(request.params.reference!) ?? 0;
    if (failures > 0) {
      this.failingVerifications.set(request.params.reference!, failures - 1);
      return fail(503, 'Service unavailable');
    }
    const transaction = this.transactions.get(request.params.reference!);
    if (!transaction) return fail(400, 'Transaction reference not found');
    return ok('Verification successful', this.transactionJson({ ...transaction, ...this.misreported.get(transaction.reference) }));
  }

  private chargeAuthorization(request: FakeRequest): FakeResponse {
    const body = jsonBody(request);
    const amount = integerField(body.amount);
    if (amount === undefined || amount <= 0) return fail(400, 'Invalid Amount Sent');
    const code = String(body.authorization_code);
    const authorization = this.authorizations.get(code);
    if (code !== PAYSTACK_DECLINING_AUTHORIZATION && (!authorization || !authorization.reusable || authorization.email !== body.email)) {
      return fail(400, 'Invalid authorization code');
    }
    const reference = typeof body.reference === 'string' ? body.reference : fakeId('T');
    if (this.transactions.has(reference)) return fail(400, 'Duplicate Transaction Reference');
    const transaction = this.newTransaction(reference, amount, body);
    if (code === PAYSTACK_DECLINING_AUTHORIZATION) {
      transaction.status = 'failed';
      transaction.gatewayResponse = 'Declined';
    } else {
      transaction.status = 'success';
      transaction.paidAt = new Date().toISOString();
      transaction.gatewayResponse = 'Approved';
      transaction.authorization = authorization;
    }
    return ok('Charge attempted', this.transactionJson(transaction));
  }

  private createRefund(request: FakeRequest): FakeResponse {
    const body = jsonBody(request);
    const key = String(body.transaction);
    const transaction = this.transactions.get(key) ?? [...this.transactions.values()].find((candidate) => String(candidate.id) === key);
    if (!transaction) return fail(404, 'Transaction not found');
    if (transaction.status !== 'success') return fail(400, 'Transaction has not been paid or has been fully reversed');
    const refundable = transaction.amount - transaction.refunded;
    const amount = body.amount === undefined ? refundable : integerField(body.amount);
    if (amount === undefined || amount <= 0) return fail(400, 'Invalid Amount Sent');
    if (amount > refundable) return fail(400, 'Refund amount cannot be more than the unrefunded transaction amount');
    transaction.refunded += amount;
    if (transaction.refunded === transaction.amount) transaction.status = 'reversed';
    const refund: PaystackRefund = { id: this.nextNumericId++, transaction, amount, status: 'pending' };
    this.refunds.set(refund.id, refund);
    return ok('Refund has been queued for processing', {
      transaction: { id: transaction.id, reference: transaction.reference, amount: transaction.amount, currency: transaction.currency },
      integration: 100_001,
      deducted_amount: 0,
      channel: null,
      merchant_note: typeof body.merchant_note === 'string' ? body.merchant_note : null,
      customer_note: null,
      status: refund.status,
      refunded_by: 'fake@paystack.test',
      expected_at: new Date(Date.now() + 86_400_000).toISOString(),
      currency: transaction.currency,
      domain: 'test',
      amount: refund.amount,
      fully_deducted: false,
      id: refund.id,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
  }

  private newTransaction(reference: string, amount: number, body: Record<string, unknown>): PaystackTransaction {
    const transaction: PaystackTransaction = {
      id: this.nextNumericId++,
      reference,
      amount,
      currency: typeof body.currency === 'string' ? body.currency : 'NGN',
      email: String(body.email),
      metadata: body.metadata ?? '',
      createdAt: new Date().toISOString(),
      status: 'abandoned',
      paidAt: null,
      gatewayResponse: 'The transaction was not completed',
      refunded: 0,
    };
    this.transactions.set(reference, transaction);
    return transaction;
  }

  private transactionJson(transaction: PaystackTransaction): Record<string, unknown> {
    return {
      id: transaction.id,
      domain: 'test',
      status: transaction.status,
      reference: transaction.reference,
      amount: transaction.amount,
      message: null,
      gateway_response: transaction.gatewayResponse,
      paid_at: transaction.paidAt,
      created_at: transaction.createdAt,
      channel: 'card',
      currency: transaction.currency,
      ip_address: null,
      metadata: transaction.metadata,
      log: null,
      fees: null,
      authorization: transaction.authorization
        ? {
            authorization_code: transaction.authorization.authorization_code,
            bin: '408408',
            last4: '4081',
            exp_month: '12',
            exp_year: '2030',
            channel: 'card',
            card_type: 'visa ',
            bank: 'TEST BANK',
            country_code: 'NG',
            brand: 'visa',
            reusable: transaction.authorization.reusable,
            signature: 'SIG_fake',
            account_name: null,
          }
        : {},
      customer: { email: transaction.email, customer_code: `CUS_${transaction.id}` },
      plan: null,
      requested_amount: transaction.amount,
    };
  }

  private mustFind(reference: string): PaystackTransaction {
    const transaction = this.transactions.get(reference);
    if (!transaction) throw new Error(`fake paystack: no transaction ${reference}`);
    return transaction;
  }
}

export function startFakePaystack(options?: FakePaystackOptions): Promise<FakePaystack> {
  return FakePaystack.start(options);
}

/** The headers Paystack signs a webhook body with: the hex HMAC-SHA512 of the raw body under the secret key. */
export function paystackSignatureHeaders(secretKey: string, rawBody: Buffer | string): Record<string, string> {
  return { 'x-paystack-signature': createHmac('sha512', secretKey).update(rawBody).digest('hex') };
}
