// A local Daraja: OAuth client-credentials (Basic auth, expires_in as the string "3599", every new
// token invalidating the previous one), STK push with Password = base64(shortcode+passkey+
// timestamp) checked, STK query (including the "being processed" 500), and reversals of whole
// payments. Daraja signs nothing: callbacks are plain JSON POSTs to the URL given per request.

import { randomBytes } from 'node:crypto';
import {
  basicCredentials,
  bearerToken,
  deliverWebhook,
  type FakeRequest,
  type FakeResponse,
  FakeServer,
  fakeId,
  jsonBody,
  type SignedWebhook,
  FakeProvider,
} from './fake-server';

export interface FakeMpesaOptions {
  readonly consumerKey?: string;
  readonly consumerSecret?: string;
  readonly shortcode?: string;
  readonly passkey?: string;
  readonly tokenLifetimeSeconds?: number;
}

/** A callback Daraja would POST: its target URL (ending in our path token), headers and body. */
export interface DarajaCallback extends SignedWebhook {
  readonly url: string;
  /** The last path segment of `url`: what a route hands to parseWebhook as pathSecret. */
  readonly pathSecret: string;
}

interface StkRequest {
  readonly checkoutRequestId: string;
  readonly merchantRequestId: string;
  readonly amount: number;
  readonly phone: string;
  readonly callbackUrl: string;
  readonly timestamp: string;
  status: 'pending' | 'paid' | 'cancelled';
  receipt: string | null;
  reversed: boolean;
}

interface Reversal {
  readonly originatorConversationId: string;
  readonly conversationId: string;
  readonly stk: StkRequest;
  readonly resultUrl: string;
}

const daraja = (status: number, errorCode: string, errorMessage: string): FakeResponse => ({
  status,
  body: { requestId: fakeId(''), errorCode, errorMessage },
});

export class FakeMpesa extends FakeProvider {
  readonly stkRequests: StkRequest[] = [];
  /** STK queries still to answer with Daraja's 500 "system busy" (see failStkQueries). */
  private stkQueryFailures = 0;
  /** The same for the queries about one CheckoutRequestID only (a sweep asking about others spends none of them). */
  private readonly stkQueryFailuresByReference = new Map<string, number>();
  /** STK queries answered so far (including failed ones). */
  stkQueries = 0;
  /** The same, by the CheckoutRequestID asked about (see stkQueriesFor). */
  private readonly stkQueriesByReference = new Map<string, number>();
  private readonly reversals = new Map<string, Reversal>();
  private currentToken: string | null = null;
  private tokensIssuedCount = 0;

  private constructor(
    readonly consumerKey: string,
    readonly consumerSecret: string,
    readonly shortcode: string,
    readonly passkey: string,
    private readonly tokenLifetimeSeconds: number,
  ) {
    super();
  }

  static async start(options: FakeMpesaOptions = {}): Promise<FakeMpesa> {
    const fake = new FakeMpesa(
      options.consumerKey ?? 'fakeConsumerKey0001',
      options.consumerSecret ?? 'fakeConsumerSecret0001',
      options.shortcode ?? '174379',
      options.passkey ?? 'fake-passkey-0000000000000000000000000000000000000000',
      options.tokenLifetimeSeconds ?? 3599,
    );
    const withToken = (handler: (request: FakeRequest) => FakeResponse) => (request: FakeRequest) =>
      fake.currentToken !== null && bearerToken(request) === fake.currentToken ? handler(request) : daraja(404, '404.001.03', 'Invalid Access Token');
    fake.server = await FakeServer.start([
      { method: 'GET', pattern: '/oauth/v1/generate', handler: (request) => fake.generateToken(request) },
      { method: 'POST', pattern: '/mpesa/stkpush/v1/processrequest', handler: withToken((request) => fake.stkPush(request)) },
      { method: 'POST', pattern: '/mpesa/stkpushquery/v1/query', handler: withToken((request) => fake.stkQuery(request)) },
      { method: 'POST', pattern: '/mpesa/reversal/v1/request', handler: withToken((request) => fake.reversal(request)) },
    ]);
    return fake;
  }



  get tokensIssued(): number {
    return this.tokensIssuedCount;
  }

  /** Simulates another client of the same app fetching a token, which kills ours. */
  rotateTokenElsewhere(): void {
    this.issueToken();
  }

  /** The customer entered their PIN: returns Daraja's success callback (state changes too). */
  completePayment(checkoutRequestId: string): DarajaCallback {
    const stk = this.mustFind(checkoutRequestId);
    stk.status = 'paid';
    stk.receipt = fakeId('').toUpperCase().slice(0, 10);
    return this.stkCallback(stk, 0, 'The service request is processed successfully.');
  }

  /** The customer cancelled on their phone (ResultCode 1032). */
  cancelPayment(checkoutRequestId: string): DarajaCallback {
    const stk = this.mustFind(checkoutRequestId);
    stk.status = 'cancelled';
    return this.stkCallback(stk, 1032, 'Request cancelled by user');
  }

  /** The next `times` STK queries (about `checkoutRequestId` only, if given) fail with a 500 (Daraja busy); other endpoints keep working. */
  failStkQueries(times: number, checkoutRequestId?: string): void {
    if (checkoutRequestId === undefined) this.stkQueryFailures = times;
    else this.stkQueryFailuresByReference.set(checkoutRequestId, times);
  }

  /** Whether this query is one of those set to fail: first the ones about its CheckoutRequestID, then any. */
  private spendStkQueryFailure(reference: string): boolean {
    const forReference = this.stkQueryFailuresByReference.get(reference) ?? 0;
    if (forReference > 0) {
      this.stkQueryFailuresByReference.set(reference, forReference - 1);
      return true;
    }
    if (this.stkQueryFailures === 0) return false;
    this.stkQueryFailures -= 1;
    return true;
  }

  /** STK queries answered so far about this CheckoutRequestID (including failed ones). */
  stkQueriesFor(checkoutRequestId: string): number {
    return this.stkQueriesByReference.get(checkoutRequestId) ?? 0;
  }

  /** Daraja no longer knows this push: every STK query about it answers 400 "Invalid CheckoutRequestID". */
  forgetStkRequest(checkoutRequestId: string): void {
    this.stkRequests.splice(this.stkRequests.indexOf(this.mustFind(checkoutRequestId)), 1);
  }

  /** A success callback for a payment Daraja has NOT completed: what a forger would send. */
  forgeSuccessCallback(checkoutRequestId: string): DarajaCallback {
    const stk = this.mustFind(checkoutRequestId);
    return this.stkCallback({ ...stk, receipt: 'FORGED0001' }, 0, 'The service request is processed successfully.');
  }

  /** Daraja finished a reversal: returns the Result callback to the ResultURL. */
  completeReversal(originatorConversationId: string, outcome: 'success' | 'failure' = 'success'): DarajaCallback {
    const reversal = this.reversals.get(originatorConversationId);
    if (!reversal) throw new Error(`fake mpesa: no reversal ${originatorConversationId}`);
    if (outcome === 'failure') reversal.stk.reversed = false;
    const body = {
      Result: {
        ResultType: 0,
        ResultCode: outcome === 'success' ? 0 : 2001,
        ResultDesc: outcome === 'success' ? 'The service request is processed successfully.' : 'The initiator information is invalid.',
        OriginatorConversationID: reversal.originatorConversationId,
        ConversationID: reversal.conversationId,
        TransactionID: fakeId('').toUpperCase().slice(0, 10),
        ResultParameters: {
          ResultParameter: [
            { Key: 'Amount', Value: reversal.stk.amount },
            { Key: 'OriginalTransactionID', Value: reversal.stk.receipt },
            { Key: 'TransCompletedTime', Value: 20260315101500 },
            { Key: 'Charge', Value: 0 },
          ],
        },
        ReferenceData: { ReferenceItem: { Key: 'QueueTimeoutURL', Value: reversal.resultUrl } },
      },
    };
    return this.callback(reversal.resultUrl, body);
  }

  receiptFor(checkoutRequestId: string): string {
    const receipt = this.mustFind(checkoutRequestId).receipt;
    if (!receipt) throw new Error(`fake mpesa: ${checkoutRequestId} is not paid`);
    return receipt;
  }

  deliver(callback: DarajaCallback): Promise<number> {
    return deliverWebhook(callback.url, callback);
  }


  private generateToken(request: FakeRequest): FakeResponse {
    const credentials = basicCredentials(request);
    if (request.query.get('grant_type') !== 'client_credentials') return daraja(400, '400.008.02', 'Invalid grant type passed');
    if (credentials?.user !== this.consumerKey || credentials.password !== this.consumerSecret) {
      return daraja(400, '400.008.01', 'Invalid Authentication passed');
    }
    return { status: 200, body: { access_token: this.issueToken(), expires_in: String(this.tokenLifetimeSeconds) } };
  }

  private issueToken(): string {
    this.tokensIssuedCount += 1;
    this.currentToken = randomBytes(14).toString('base64url');
    return this.currentToken;
  }

  private passwordError(body: Record<string, unknown>): FakeResponse | undefined {
    const timestamp = String(body.Timestamp);
    if (body.BusinessShortCode !== this.shortcode) return daraja(400, '400.002.02', 'Bad Request - Invalid BusinessShortCode');
    if (!/^\d{14}$/.test(timestamp)) return daraja(400, '400.002.02', 'Bad Request - Invalid Timestamp');
    const expected = Buffer.from(`${this.shortcode}${this.passkey}${timestamp}`).toString('base64');
    return body.Password === expected ? undefined : daraja(400, '400.002.02', 'Bad Request - Invalid Password');
  }

  private stkPush(request: FakeRequest): FakeResponse {
    const body = jsonBody(request);
    const refusal = this.passwordError(body);
    if (refusal) return refusal;
    const amount = Number(body.Amount);
    if (!Number.isInteger(amount) || amount < 1 || amount > 250_000) return daraja(400, '400.002.02', 'Bad Request - Invalid Amount');
    if (!['CustomerPayBillOnline', 'CustomerBuyGoodsOnline'].includes(String(body.TransactionType))) {
      return daraja(400, '400.002.02', 'Bad Request - Invalid TransactionType');
    }
    const phone = String(body.PhoneNumber);
    if (!/^254[17]\d{8}$/.test(phone) || body.PartyA !== phone) return daraja(400, '400.002.02', 'Bad Request - Invalid PhoneNumber');
    if (typeof body.CallBackURL !== 'string' || !/^https?:\/\//.test(body.CallBackURL)) return daraja(400, '400.002.02', 'Bad Request - Invalid CallBackURL');
    if (String(body.AccountReference ?? '').length > 12) return daraja(400, '400.002.02', 'Bad Request - Invalid AccountReference');
    const stk: StkRequest = {
      checkoutRequestId: `ws_CO_${fakeId('')}`,
      merchantRequestId: fakeId('29115-'),
      amount,
      phone,
      callbackUrl: body.CallBackURL,
      timestamp: String(body.Timestamp),
      status: 'pending',
      receipt: null,
      reversed: false,
    };
    this.stkRequests.push(stk);
    return {
      status: 200,
      body: {
        MerchantRequestID: stk.merchantRequestId,
        CheckoutRequestID: stk.checkoutRequestId,
        ResponseCode: '0',
        ResponseDescription: 'Success. Request accepted for processing',
        CustomerMessage: 'Success. Request accepted for processing',
      },
    };
  }

  private stkQuery(request: FakeRequest): FakeResponse {
    const body = jsonBody(request);
    this.stkQueries += 1;
    const reference = String(body.CheckoutRequestID);
    this.stkQueriesByReference.set(reference, this.stkQueriesFor(reference) + 1);
    if (this.spendStkQueryFailure(reference)) return daraja(500, '500.003.02', 'System is busy. Please try again in few minutes.');
    const refusal = this.passwordError(body);
    if (refusal) return refusal;
    const stk = this.stkRequests.find((candidate) => candidate.checkoutRequestId === body.CheckoutRequestID);
    if (!stk) return daraja(400, '400.002.02', 'Bad Request - Invalid CheckoutRequestID');
    if (stk.status === 'pending') return daraja(500, '500.001.1001', 'The transaction is being processed');
    const paid = stk.status === 'paid';
    return {
      status: 200,
      body: {
        ResponseCode: '0',
        ResponseDescription: 'The service request has been accepted successsfully',
        MerchantRequestID: stk.merchantRequestId,
        CheckoutRequestID: stk.checkoutRequestId,
        ResultCode: paid ? '0' : '1032',
        ResultDesc: paid ? 'The service request is processed successfully.' : 'Request cancelled by user',
      },
    };
  }

  private reversal(request: FakeRequest): FakeResponse {
    const body = jsonBody(request);
    if (typeof body.Initiator !== 'string' || typeof body.SecurityCredential !== 'string' || body.SecurityCredential === '') {
      return daraja(400, '400.002.02', 'Bad Request - Invalid Initiator or SecurityCredential');
    }
    if (body.CommandID !== 'TransactionReversal') return daraja(400, '400.002.02', 'Bad Request - Invalid CommandID');
    if (body.ReceiverParty !== this.shortcode || body.RecieverIdentifierType !== '11') return daraja(400, '400.002.02', 'Bad Request - Invalid ReceiverParty');
    const stk = this.stkRequests.find((candidate) => candidate.receipt === body.TransactionID && candidate.status === 'paid');
    if (!stk) return daraja(400, '400.002.02', 'Bad Request - Invalid TransactionID');
    if (stk.reversed) return daraja(400, '400.002.02', 'Bad Request - Transaction has already been reversed');
    // Reversals undo whole payments: the amount must be exactly what was paid.
    if (Number(body.Amount) !== stk.amount) return daraja(400, '400.002.02', 'Bad Request - Invalid Amount');
    if (typeof body.ResultURL !== 'string') return daraja(400, '400.002.02', 'Bad Request - Invalid ResultURL');
    stk.reversed = true;
    const reversal: Reversal = { originatorConversationId: fakeId('AG_'), conversationId: fakeId('AG_'), stk, resultUrl: body.ResultURL };
    this.reversals.set(reversal.originatorConversationId, reversal);
    return {
      status: 200,
      body: {
        OriginatorConversationID: reversal.originatorConversationId,
        ConversationID: reversal.conversationId,
        ResponseCode: '0',
        ResponseDescription: 'Accept the service request successfully.',
      },
    };
  }

  private stkCallback(stk: StkRequest, resultCode: number, resultDescription: string): DarajaCallback {
    const metadata = stk.receipt
      ? {
          CallbackMetadata: {
            Item: [
              { Name: 'Amount', Value: stk.amount },
              { Name: 'MpesaReceiptNumber', Value: stk.receipt },
              { Name: 'Balance' },
              { Name: 'TransactionDate', Value: Number(stk.timestamp) },
              { Name: 'PhoneNumber', Value: Number(stk.phone) },
            ],
          },
        }
      : {};
    return this.callback(stk.callbackUrl, {
      Body: {
        stkCallback: {
          MerchantRequestID: stk.merchantRequestId,
          CheckoutRequestID: stk.checkoutRequestId,
          ResultCode: resultCode,
          ResultDesc: resultDescription,
          ...(resultCode === 0 ? metadata : {}),
        },
      },
    });
  }

  private callback(url: string, body: unknown): DarajaCallback {
    const pathSecret = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return { url, pathSecret, headers: {}, rawBody: Buffer.from(JSON.stringify(body)) };
  }

  private mustFind(checkoutRequestId: string): StkRequest {
    const stk = this.stkRequests.find((candidate) => candidate.checkoutRequestId === checkoutRequestId);
    if (!stk) throw new Error(`fake mpesa: no STK request ${checkoutRequestId}`);
    return stk;
  }
}

export function startFakeMpesa(options?: FakeMpesaOptions): Promise<FakeMpesa> {
  return FakeMpesa.start(options);
}
