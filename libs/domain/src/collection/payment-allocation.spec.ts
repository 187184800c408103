import { DomainError } from '../errors';
import { type InvoiceToAllocate, planAllocation, receivedAtProblem } from './payment-allocation';

const fieldOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return ((error as DomainError).details as { fields: Array<{ field: string }> }).fields[0]?.field;
  }
  return undefined;
};

describe('planAllocation', () => {
  describe('an allocation across three invoices in two steps (worked example)', () => {
    // Three open KES invoices, oldest first: 100.00, 250.00 and 80.00.
    const invoices: InvoiceToAllocate[] = [
      { id: 'oldest', currency: 'KES', amountDue: 10_000n },
      { id: 'second', currency: 'KES', amountDue: 25_000n },
      { id: 'third', currency: 'KES', amountDue: 8_000n },
    ];

    it('a first receipt of 200.00, oldest first, pays the oldest and 100.00 of the second', () => {
      expect(planAllocation({ amount: 20_000n, currency: 'KES' }, invoices, { kind: 'oldest_first' })).toEqual({
        allocations: [
          { invoiceId: 'oldest', amount: 10_000n },
          { invoiceId: 'second', amount: 10_000n },
        ],
        overpayment: 0n,
      });
    });

    it('a second receipt of 300.00 in explicit amounts finishes the second (150.00) and the third (80.00): 70.00 is overpaid', () => {
      const afterFirst: InvoiceToAllocate[] = [
        { id: 'oldest', currency: 'KES', amountDue: 0n },
        { id: 'second', currency: 'KES', amountDue: 15_000n },
        { id: 'third', currency: 'KES', amountDue: 8_000n },
      ];
      const plan = planAllocation({ amount: 30_000n, currency: 'KES' }, afterFirst, {
        kind: 'explicit',
        allocations: [
          { invoiceId: 'second', amount: 15_000n },
          { invoiceId: 'third', amount: 8_000n },
        ],
      });
      expect(plan).toEqual({ allocations: [{ invoiceId: 'second', amount: 15_000n }, { invoiceId: 'third', amount: 8_000n }], overpayment: 7_000n });
      // Oldest first gives the same split: nothing is left on the oldest.
      expect(planAllocation({ amount: 30_000n, currency: 'KES' }, afterFirst, { kind: 'oldest_first' })).toEqual(plan);
    });
  });

  it('oldest first skips invoices in another currency and those with nothing due; all of it is overpaid when nothing is open', () => {
    const invoices: InvoiceToAllocate[] = [
      { id: 'usd', currency: 'USD', amountDue: 5_000n },
      { id: 'paid', currency: 'KES', amountDue: 0n },
      { id: 'kes', currency: 'KES', amountDue: 3_000n },
    ];
    expect(planAllocation({ amount: 4_000n, currency: 'KES' }, invoices, { kind: 'oldest_first' })).toEqual({ allocations: [{ invoiceId: 'kes', amount: 3_000n }], overpayment: 1_000n });
    expect(planAllocation({ amount: 4_000n, currency: 'KES' }, [], { kind: 'oldest_first' })).toEqual({ allocations: [], overpayment: 4_000n });
  });

  it('a partial payment leaves the rest due', () => {
    expect(planAllocation({ amount: 1_000n, currency: 'KES' }, [{ id: 'a', currency: 'KES', amountDue: 3_000n }], { kind: 'oldest_first' })).toEqual({
      allocations: [{ invoiceId: 'a', amount: 1_000n }],
      overpayment: 0n,
    });
  });

  it('refuses explicit allocations that do not fit, naming the field', () => {
    const invoices: InvoiceToAllocate[] = [
      { id: 'kes', currency: 'KES', amountDue: 3_000n },
      { id: 'usd', currency: 'USD', amountDue: 3_000n },
    ];
    const payment = { amount: 5_000n, currency: 'KES' };
    const explicit = (...allocations: Array<{ invoiceId: string; amount: bigint }>) => () => planAllocation(payment, invoices, { kind: 'explicit', allocations });
    expect(fieldOf(explicit({ invoiceId: 'usd', amount: 1_000n }))).toBe('allocations[0].invoiceId'); // another currency
    expect(fieldOf(explicit({ invoiceId: 'kes', amount: 1_000n }, { invoiceId: 'unknown', amount: 1n }))).toBe('allocations[1].invoiceId');
    expect(fieldOf(explicit({ invoiceId: 'kes', amount: 1_000n }, { invoiceId: 'kes', amount: 1_000n }))).toBe('allocations[1].invoiceId');
    expect(fieldOf(explicit({ invoiceId: 'kes', amount: 0n }))).toBe('allocations[0].amount');
    expect(fieldOf(explicit({ invoiceId: 'kes', amount: 3_001n }))).toBe('allocations[0].amount');
    expect(fieldOf(explicit())).toBe('allocations');
    expect(fieldOf(() => planAllocation({ amount: 2_000n, currency: 'KES' }, invoices, { kind: 'explicit', allocations: [{ invoiceId: 'kes', amount: 3_000n }] }))).toBe('allocations');
    expect(fieldOf(() => planAllocation({ amount: 0n, currency: 'KES' }, invoices, { kind: 'oldest_first' }))).toBe('amount');
  });

  it('money is received at a believable time: not before 2000, at most a day ahead', () => {
    const now = new Date('2026-10-20T08:00:00Z');
    expect(receivedAtProblem(new Date('2026-10-19T17:30:00Z'), now)).toBeNull();
    expect(receivedAtProblem(new Date('2026-10-21T07:00:00Z'), now)).toBeNull();
    expect(receivedAtProblem(new Date('2026-10-22T08:00:00Z'), now)).toMatch(/future/);
    expect(receivedAtProblem(new Date('0000-01-01T00:00:00Z'), now)).toMatch(/before 2000/);
  });
});
