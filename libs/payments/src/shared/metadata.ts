// Every provider echoes merchant metadata (Stripe `metadata`, Razorpay `notes`, Paystack
// `metadata`, Flutterwave `meta`). We store the invoice reference under one key everywhere.
// Some providers hand metadata back as a JSON string (or as "" / 0 when empty).

import { isRecord } from './fields';

export const INVOICE_REFERENCE_KEY = 'invoice_reference';

export function invoiceReferenceFromMetadata(metadata: unknown): string | undefined {
  let value = metadata;
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const found = isRecord(value) ? value[INVOICE_REFERENCE_KEY] : undefined;
  return typeof found === 'string' && found !== '' ? found : undefined;
}

/** Metadata object to send, without empty entries. */
export function invoiceMetadata(invoiceReference: string | undefined): Record<string, string> {
  return invoiceReference ? { [INVOICE_REFERENCE_KEY]: invoiceReference } : {};
}
