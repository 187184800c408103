import { InvalidTransitionError } from '../errors';
import { PAYMENT_STATUSES, PaymentEvent, PaymentState, PaymentStatus, canTransitionPayment, refundableAmount, transitionPayment } from './payment-state';

const state = (status: PaymentStatus, overrides: Partial<PaymentState> = {}): PaymentState => ({ status, amount: 5_000n, amountRefunded: 0n, ...overrides });

describe('payment state machine', () => {
  it('succeeds from pending, and from failed (a late confirmation), with the amount the provider reports', () => {
    expect(transitionPayment(state('pending'), { type: 'succeed', amount: 4_900n })).toEqual(state('succeeded', { amount: 4_900n }));
    expect(transitionPayment(state('failed'), { type: 'succeed', amount: 5_000n }).status).toBe('succeeded');
    expect(() => transitionPayment(state('succeeded'), { type: 'succeed', amount: 5_000n })).toThrow(InvalidTransitionError);
  });

  it('fails only a pending payment: a failure after success changes nothing it may not', () => {
    expect(transitionPayment(state('pending'), { type: 'fail' }).status).toBe('failed');
    for (const status of ['succeeded', 'failed', 'refunded', 'partially_refunded'] as const) {
      expect(() => transitionPayment(state(status), { type: 'fail' })).toThrow(InvalidTransitionError);
    }
  });

  it('refunds in parts up to the amount paid, never beyond', () => {
    const part = transitionPayment(state('succeeded'), { type: 'refund_settled', amount: 2_000n });
    expect(part).toEqual(state('partially_refunded', { amountRefunded: 2_000n }));
    expect(refundableAmount(part)).toBe(3_000n);
    const whole = transitionPayment(part, { type: 'refund_settled', amount: 3_000n });
    expect(whole).toEqual(state('refunded', { amountRefunded: 5_000n }));
    expect(refundableAmount(whole)).toBe(0n);
    expect(() => transitionPayment(part, { type: 'refund_settled', amount: 3_001n })).toThrow(/more than the 5000 paid/);
    expect(() => transitionPayment(state('pending'), { type: 'refund_settled', amount: 1n })).toThrow(InvalidTransitionError);
    expect(refundableAmount(state('failed'))).toBe(0n);
  });

  it('canTransitionPayment agrees with transitionPayment for every status and event', () => {
    const events: PaymentEvent[] = [{ type: 'succeed', amount: 5_000n }, { type: 'fail' }, { type: 'refund_settled', amount: 1n }];
    for (const status of PAYMENT_STATUSES) {
      for (const event of events) {
        let threw = false;
        try {
          transitionPayment(state(status), event);
        } catch (error) {
          expect(error).toMatchObject({ machine: 'payment', from: status, event: event.type });
          threw = true;
        }
        expect(canTransitionPayment(state(status), event.type)).toBe(!threw);
      }
    }
  });
});
