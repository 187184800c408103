import { enabledEventsProblem, endpointReceives } from './event-types';

describe('enabledEventsProblem', () => {
  it("accepts known types or ['*'] alone", () => {
    expect(enabledEventsProblem(['invoice.paid', 'customer.created'])).toBeNull();
    expect(enabledEventsProblem(['*'])).toBeNull();
  });
  it('refuses an empty list, a mix with * and unknown types, naming the type', () => {
    expect(enabledEventsProblem([])).toContain('at least one');
    expect(enabledEventsProblem(['*', 'invoice.paid'])).toBe("'*' stands alone");
    expect(enabledEventsProblem(['invoice.payed'])).toBe('has an unknown event type: invoice.payed');
  });
});

describe('endpointReceives', () => {
  it('matches its listed types, or everything for *', () => {
    expect(endpointReceives(['invoice.paid'], 'invoice.paid')).toBe(true);
    expect(endpointReceives(['invoice.paid'], 'invoice.voided')).toBe(false);
    expect(endpointReceives(['*'], 'cdr.batch_rated')).toBe(true);
  });
});
