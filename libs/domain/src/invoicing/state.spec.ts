import { InvalidTransitionError } from '../errors';
import { INVOICE_STATUSES, InvoiceEvent, InvoiceState, InvoiceStatus, canTransitionInvoice, transitionInvoice } from './state';

const at = new Date('2026-03-01T10:00:00Z');
const state = (status: InvoiceStatus, overrides: Partial<InvoiceState> = {}): InvoiceState => ({
  status,
  amountDue: 10_000n,
  amountPaid: 0n,
  paidAt: null,
  voidedAt: null,
  ...overrides,
});

describe('invoice state machine', () => {
  it('finalizes a draft to open, or straight to paid when nothing is due', () => {
    expect(transitionInvoice(state('draft'), { type: 'finalize' }).status).toBe('open');
    expect(transitionInvoice(state('draft', { amountDue: 0n }), { type: 'finalize' }).status).toBe('paid');
    expect(() => transitionInvoice(state('open'), { type: 'finalize' })).toThrow(InvalidTransitionError);
  });

  it('applies partial then full payments: open until nothing is due, then paid at the last payment', () => {
    const partly = transitionInvoice(state('open'), { type: 'payment_applied', amount: 4_000n, at });
    expect(partly).toEqual(state('open', { amountDue: 6_000n, amountPaid: 4_000n }));
    const later = new Date('2026-03-02T10:00:00Z');
    expect(transitionInvoice(partly, { type: 'payment_applied', amount: 6_000n, at: later })).toEqual(state('paid', { amountDue: 0n, amountPaid: 10_000n, paidAt: later }));
  });

  it('takes payment on an uncollectible invoice (the customer paid after all)', () => {
    expect(transitionInvoice(state('uncollectible'), { type: 'payment_applied', amount: 10_000n, at }).status).toBe('paid');
  });

  it('refuses money on draft, paid and void invoices, and more than is due', () => {
    for (const status of ['draft', 'paid', 'void'] as const) {
      expect(() => transitionInvoice(state(status), { type: 'payment_applied', amount: 1n, at })).toThrow(`the invoice is ${status}: it takes no payment`);
    }
    expect(() => transitionInvoice(state('open'), { type: 'payment_applied', amount: 10_001n, at })).toThrow(/cannot apply 10001/);
    expect(() => transitionInvoice(state('open'), { type: 'payment_applied', amount: 0n, at })).toThrow(/cannot apply 0/);
  });

  it('voids draft, open and uncollectible invoices with nothing paid; never paid or partly paid ones', () => {
    expect(transitionInvoice(state('open'), { type: 'void', at })).toEqual(state('void', { amountDue: 0n, voidedAt: at }));
    expect(transitionInvoice(state('draft'), { type: 'void', at }).status).toBe('void');
    expect(transitionInvoice(state('uncollectible'), { type: 'void', at }).status).toBe('void');
    expect(() => transitionInvoice(state('open', { amountPaid: 1n, amountDue: 9_999n }), { type: 'void', at })).toThrow(/refund them instead/);
    expect(() => transitionInvoice(state('paid'), { type: 'void', at })).toThrow(InvalidTransitionError);
    expect(() => transitionInvoice(state('void'), { type: 'void', at })).toThrow(InvalidTransitionError);
  });

  it('marks only open invoices uncollectible', () => {
    expect(transitionInvoice(state('open'), { type: 'mark_uncollectible' }).status).toBe('uncollectible');
    for (const status of ['draft', 'paid', 'void', 'uncollectible'] as const) {
      expect(() => transitionInvoice(state(status), { type: 'mark_uncollectible' })).toThrow(InvalidTransitionError);
    }
  });

  it('edits and deletes only drafts: a finalized invoice keeps its number and can only be voided', () => {
    expect(transitionInvoice(state('draft'), { type: 'edit', amountDue: 12_345n })).toEqual(state('draft', { amountDue: 12_345n }));
    expect(transitionInvoice(state('draft'), { type: 'delete' })).toEqual(state('draft'));
    for (const status of ['open', 'paid', 'void', 'uncollectible'] as const) {
      expect(() => transitionInvoice(state(status), { type: 'edit', amountDue: 1n })).toThrow(`the invoice is ${status}: only a draft can be edited (void a finalized invoice instead)`);
      expect(() => transitionInvoice(state(status), { type: 'delete' })).toThrow(`the invoice is ${status}: only a draft can be deleted (void a finalized invoice instead)`);
    }
  });

  it('canTransitionInvoice agrees with transitionInvoice for every status and event', () => {
    const events: InvoiceEvent[] = [{ type: 'finalize' }, { type: 'payment_applied', amount: 1n, at }, { type: 'void', at }, { type: 'mark_uncollectible' }, { type: 'edit', amountDue: 1n }, { type: 'delete' }];
    for (const status of INVOICE_STATUSES) {
      for (const event of events) {
        const from = state(status);
        let threw = false;
        try {
          transitionInvoice(from, event);
        } catch (error) {
          expect(error).toMatchObject({ machine: 'invoice', from: status, event: event.type });
          threw = true;
        }
        expect(canTransitionInvoice(from, event.type)).toBe(!threw);
      }
    }
  });
});
