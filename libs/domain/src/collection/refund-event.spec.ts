import { type KnownRefund, type RefundEventContext, decideRefundEvent } from './refund-event';

const pending: KnownRefund = { status: 'pending', amount: 6_000n, currency: 'NGN' };
const context = (refund: KnownRefund | undefined, providerSignsBody = true, awaitingOurRefunds = false): RefundEventContext => ({ refund, paymentCurrency: 'NGN', providerSignsBody, awaitingOurRefunds });

describe('decideRefundEvent: what a provider refund event may do to our refund', () => {
  it('settles our pending refund for exactly what we asked, either way', () => {
    expect(decideRefundEvent({ outcome: 'succeeded', amount: 6_000n, currency: 'NGN' }, context(pending))).toEqual({ action: 'settle', outcome: 'succeeded' });
    expect(decideRefundEvent({ outcome: 'failed', amount: 6_000n, currency: 'NGN' }, context(pending))).toEqual({ action: 'settle', outcome: 'failed' });
  });

  it('never flips a final refund: a replay is a no-op, a failed after succeeded is a contradiction that changes nothing', () => {
    const succeeded = { ...pending, status: 'succeeded' as const };
    expect(decideRefundEvent({ outcome: 'succeeded', amount: 6_000n, currency: 'NGN' }, context(succeeded))).toEqual({ action: 'already_settled', status: 'succeeded', contradicts: false });
    expect(decideRefundEvent({ outcome: 'failed', amount: 6_000n, currency: 'NGN' }, context(succeeded))).toEqual({ action: 'already_settled', status: 'succeeded', contradicts: true });
    expect(decideRefundEvent({ outcome: 'succeeded', amount: 6_000n, currency: 'NGN' }, context({ ...pending, status: 'failed' }))).toMatchObject({ action: 'already_settled', contradicts: true });
  });

  it('rejects an event for our refund in another currency or for another amount (even a final one: it is evidence)', () => {
    expect(decideRefundEvent({ outcome: 'succeeded', amount: 6_000n, currency: 'USD' }, context(pending))).toEqual({ action: 'reject', reason: 'refund in USD; we asked for NGN' });
    expect(decideRefundEvent({ outcome: 'succeeded', amount: 60_000n, currency: 'NGN' }, context(pending))).toEqual({ action: 'reject', reason: 'refund of 60000; we asked for 6000' });
    expect(decideRefundEvent({ outcome: 'succeeded', amount: 5_999n, currency: 'NGN' }, context({ ...pending, status: 'succeeded' }))).toMatchObject({ action: 'reject' });
  });

  it('an unknown refund: a failure is ignored; a success is adopted only from a provider that signs the body, else ignored', () => {
    expect(decideRefundEvent({ outcome: 'failed', amount: 6_000n, currency: 'NGN' }, context(undefined))).toMatchObject({ action: 'ignore' });
    expect(decideRefundEvent({ outcome: 'succeeded', amount: 6_000n, currency: 'NGN' }, context(undefined))).toEqual({ action: 'adopt' });
    expect(decideRefundEvent({ outcome: 'succeeded', amount: 6_000n, currency: 'NGN' }, context(undefined, false))).toMatchObject({ action: 'ignore', reason: expect.stringContaining('unknown refund') });
    expect(decideRefundEvent({ outcome: 'succeeded', amount: 6_000n, currency: 'KES' }, context(undefined))).toEqual({ action: 'reject', reason: 'refund in KES of a payment in NGN' });
    expect(decideRefundEvent({ outcome: 'succeeded', amount: 0n, currency: 'NGN' }, context(undefined))).toMatchObject({ action: 'reject' });
    // While one of ours awaits the provider, an unmatched success may be it misreported: held for an operator.
    expect(decideRefundEvent({ outcome: 'succeeded', amount: 6_001n, currency: 'NGN' }, context(undefined, true, true))).toMatchObject({ action: 'reject', reason: expect.stringContaining('not matching what we asked') });
  });
});
