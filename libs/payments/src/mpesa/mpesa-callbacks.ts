// Reads the JSON Daraja POSTs to our callback URLs. Nothing here authenticates anything: the
// adapter checks the URL's path token and confirms results with Daraja before trusting them.
//
// STK (M-Pesa Express) result:
//   { Body: { stkCallback: { MerchantRequestID, CheckoutRequestID, ResultCode: 0, ResultDesc,
//     CallbackMetadata: { Item: [{ Name: "Amount", Value: 1.00 }, { Name: "MpesaReceiptNumber",
//     Value: "NLJ7RT61SV" }, { Name: "TransactionDate", Value: 20191219102115 },
//     { Name: "PhoneNumber", Value: 254708374149 }] } } } }
// Reversal result (ResultURL):
//   { Result: { ResultType, ResultCode, ResultDesc, OriginatorConversationID, ConversationID,
//     TransactionID, ResultParameters: { ResultParameter: [{ Key, Value }] } } }
//   The parameter keys read here (OriginalTransactionID, Amount, TransCompletedTime) are taken
//   from integrators' samples, not from a Safaricom page.

import { Fields, type FieldFailure, malformedWebhook } from '../shared/fields';
import { fromMpesaAmount } from './mpesa-amounts';
import { parseDarajaTimestamp } from './mpesa-time';

const fail: FieldFailure = malformedWebhook('mpesa');

export interface StkResult {
  readonly kind: 'stk';
  readonly checkoutRequestId: string;
  readonly resultCode: string;
  readonly resultDescription: string;
  readonly amountMinor?: bigint;
  readonly receiptNumber?: string;
  readonly transactionDate?: Date;
  readonly raw: unknown;
}

export interface ReversalResult {
  readonly kind: 'reversal';
  readonly originatorConversationId: string;
  readonly resultCode: string;
  readonly resultDescription: string;
  readonly originalTransactionId?: string;
  readonly amountMinor?: bigint;
  readonly completedAt?: Date;
  readonly raw: unknown;
}

export interface UnknownCallback {
  readonly kind: 'unknown';
  readonly raw: unknown;
}

export function parseDarajaCallback(rawBody: Buffer): StkResult | ReversalResult | UnknownCallback {
  const body = Fields.parseJson(rawBody, fail);
  const stk = body.optionalObject('Body')?.optionalObject('stkCallback');
  if (stk) return stkResult(stk, body.source);
  const result = body.optionalObject('Result');
  if (result) return reversalResult(result, body.source);
  return { kind: 'unknown', raw: body.source };
}

function stkResult(stk: Fields, raw: unknown): StkResult {
  const items = new Map<string, unknown>();
  const metadata = stk.optionalObject('CallbackMetadata');
  if (metadata) for (const item of metadata.array('Item')) items.set(item.string('Name'), item.raw('Value'));
  return {
    kind: 'stk',
    checkoutRequestId: stk.string('CheckoutRequestID'),
    resultCode: stk.string('ResultCode'),
    resultDescription: stk.optionalString('ResultDesc') ?? '',
    amountMinor: items.has('Amount') ? fromMpesaAmount(items.get('Amount'), 'Body.stkCallback.CallbackMetadata.Amount') : undefined,
    receiptNumber: typeof items.get('MpesaReceiptNumber') === 'string' ? (items.get('MpesaReceiptNumber') as string) : undefined,
    transactionDate: parseDarajaTimestamp(items.get('TransactionDate')),
    raw,
  };
}

function reversalResult(result: Fields, raw: unknown): ReversalResult {
  const parameters = new Map<string, unknown>();
  const container = result.optionalObject('ResultParameters');
  const list = container?.raw('ResultParameter');
  // A single parameter may arrive as an object instead of a one-element array.
  const entries = Array.isArray(list) ? container!.array('ResultParameter') : container?.optionalObject('ResultParameter') ? [container.object('ResultParameter')] : [];
  for (const entry of entries) parameters.set(entry.string('Key'), entry.raw('Value'));
  const original = parameters.get('OriginalTransactionID');
  return {
    kind: 'reversal',
    originatorConversationId: result.string('OriginatorConversationID'),
    resultCode: result.string('ResultCode'),
    resultDescription: result.optionalString('ResultDesc') ?? '',
    originalTransactionId: typeof original === 'string' ? original : undefined,
    amountMinor: parameters.has('Amount') ? fromMpesaAmount(parameters.get('Amount'), 'Result.ResultParameters.Amount') : undefined,
    completedAt: parseDarajaTimestamp(parameters.get('TransCompletedTime')),
    raw,
  };
}
