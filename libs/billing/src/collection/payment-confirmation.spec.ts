import type { VerifiedTransaction } from '@nova/payments';
import { confirmedEvent } from './payment-confirmation';
import { SettlementDeferredError, SettlementRejectedError, type StoredWebhookEvent, invoiceShareOfRefund } from './settlement';

const event: StoredWebhookEvent = {
  id: 'e1',
  account_id: 'a1',
  provider: 'flutterwave',
  type: 'payment.succeeded',
  provider_reference: 'pay_1',
  refund_reference: null,
  provider_transaction_id: '4000001',
  invoice_reference: null,
  amount: '500000',
  currency: 'NGN',
  occurred_at: new Date('2026-12-01T00:00:00Z'),
  saved_method: null,
};
const verified = (overrides: Partial<VerifiedTransaction> = {}): VerifiedTransaction => ({
  status: 'succeeded',
  amountMinor: 500_000n,
  currency: 'NGN',
  providerReference: 'pay_1',
  raw: {},
  ...overrides,
});

describe('confirmedEvent: what settles is what the provider confirms', () => {
  it('takes amount and currency from the provider, not from the webhook', () => {
    expect(confirmedEvent(event, 'paystack', verified({ amountMinor: 100_000n, currency: 'GHS' }))).toMatchObject({ amount: '100000', currency: 'GHS', provider_reference: 'pay_1' });
  });

  it('keeps the callback amount when the provider reports none (M-Pesa STK query)', () => {
    expect(confirmedEvent({ ...event, currency: 'KES' }, 'mpesa', verified({ amountMinor: null, currency: 'KES' }))).toMatchObject({ amount: '500000', currency: 'KES' });
  });

  it('defers while the provider does not report the payment as paid', () => {
    expect(() => confirmedEvent(event, 'flutterwave', verified({ status: 'pending' }))).toThrow(SettlementDeferredError);
    expect(() => confirmedEvent(event, 'flutterwave', verified({ status: 'failed' }))).toThrow(SettlementDeferredError);
  });

  it('refuses a confirmation of another reference', () => {
    expect(() => confirmedEvent(event, 'flutterwave', verified({ providerReference: 'someone-else' }))).toThrow(SettlementRejectedError);
  });
});

describe('invoiceShareOfRefund: refunds give back the unapplied part first', () => {
  it('an overpayment of 700 with 500 applied: the first 200 refunded are not the invoice\'s', () => {
    expect(invoiceShareOfRefund(700n, 500n, 0n, 200n)).toBe(0n);
    expect(invoiceShareOfRefund(700n, 500n, 200n, 300n)).toBe(100n);
    expect(invoiceShareOfRefund(700n, 500n, 0n, 700n)).toBe(500n);
  });

  it('all of a fully applied payment and none of an unapplied one', () => {
    expect(invoiceShareOfRefund(500n, 500n, 100n, 250n)).toBe(150n);
    expect(invoiceShareOfRefund(500n, 0n, 0n, 500n)).toBe(0n);
  });
});
