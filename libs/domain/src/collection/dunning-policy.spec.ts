import { DEFAULT_DUNNING_RETRY_DELAYS_SECONDS, resolveDunningPolicy, retryDelaysProblem } from './dunning-policy';
import { isPayableInvoice, isPayableInvoiceStatus } from '../invoicing/payable';

describe('resolveDunningPolicy', () => {
  it('falls back to the installation schedule and past_due when nothing (or nothing usable) is stored', () => {
    expect(resolveDunningPolicy(null, [60])).toEqual({ retryDelaysSeconds: [60], finalAction: 'past_due' });
    expect(resolveDunningPolicy({ retryDelaysSeconds: [], finalAction: 'explode' }, [60])).toEqual({ retryDelaysSeconds: [60], finalAction: 'past_due' });
    expect(resolveDunningPolicy(undefined)).toEqual({ retryDelaysSeconds: DEFAULT_DUNNING_RETRY_DELAYS_SECONDS, finalAction: 'past_due' });
  });

  it("keeps the tenant's own schedule and final action", () => {
    expect(resolveDunningPolicy({ retryDelaysSeconds: [1, 2], finalAction: 'cancel' }, [60])).toEqual({ retryDelaysSeconds: [1, 2], finalAction: 'cancel' });
  });
});

describe('retryDelaysProblem', () => {
  it.each([[[1]], [[86_400, 5_184_000]], [Array(10).fill(1)]])('accepts %p', (delays) => expect(retryDelaysProblem(delays)).toBeNull());
  it.each([[[]], [Array(11).fill(1)], [[0]], [[1.5]], [[5_184_001]], ['1,2'], [['1']]])('refuses %p', (delays) => expect(retryDelaysProblem(delays)).not.toBeNull());
});

describe('payable invoices', () => {
  it.each([
    ['open', 100n, true],
    ['uncollectible', 100n, true],
    ['open', 0n, false],
    ['draft', 100n, false],
    ['paid', 100n, false],
    ['void', 100n, false],
  ])('%s with %p due → %p', (status, amountDue, payable) => {
    expect(isPayableInvoice({ status, amountDue })).toBe(payable);
    expect(isPayableInvoiceStatus(status)).toBe(status === 'open' || status === 'uncollectible');
  });
});
