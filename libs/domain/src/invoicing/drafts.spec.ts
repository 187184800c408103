import { DRAFT_FINALIZE_DELAY_MINUTES_MAX, draftAutoFinalizeAt, draftDueAtProblem, draftFinalizeDelayProblem, editDraftLines, isDraftDue } from './drafts';

describe('draft invoices', () => {
  const created = new Date('2026-03-31T23:30:00Z');

  it('finalizes a cycle draft after the delay (an hour by default, across the month end), or at once with 0', () => {
    expect(draftAutoFinalizeAt(created, 60)).toEqual(new Date('2026-04-01T00:30:00Z'));
    expect(draftAutoFinalizeAt(created, 1)).toEqual(new Date('2026-03-31T23:31:00Z'));
    expect(draftAutoFinalizeAt(created, 0)).toBeNull();
    expect(draftAutoFinalizeAt(created, undefined)).toBeNull();
  });

  it('is due from its finalization time on, never without one', () => {
    const at = new Date('2026-04-01T00:30:00Z');
    expect(isDraftDue(at, new Date('2026-04-01T00:29:59.999Z'))).toBe(false);
    expect(isDraftDue(at, at)).toBe(true);
    expect(isDraftDue(null, new Date('2100-01-01T00:00:00Z'))).toBe(false);
  });

  it('takes a due date from a day ago to a year ahead', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    expect(draftDueAtProblem(new Date('2026-03-01T00:00:00Z'), now)).toBeNull();
    expect(draftDueAtProblem(new Date('2027-03-01T12:00:00Z'), now)).toBeNull();
    expect(draftDueAtProblem(new Date('2026-02-28T11:59:59Z'), now)).toBe('must not be in the past');
    expect(draftDueAtProblem(new Date('2027-03-01T12:00:01Z'), now)).toBe('must be at most 365 days ahead');
    expect(draftDueAtProblem(new Date('not a date'), now)).toBe('must be a valid date-time');
  });

  it('takes whole minutes from 0 to a week', () => {
    for (const ok of [0, 1, 60, DRAFT_FINALIZE_DELAY_MINUTES_MAX]) expect(draftFinalizeDelayProblem(ok)).toBeNull();
    for (const bad of [-1, 1.5, DRAFT_FINALIZE_DELAY_MINUTES_MAX + 1, '60', null]) expect(draftFinalizeDelayProblem(bad)).toMatch(/whole minutes from 0/);
  });
});

describe('editing a draft\'s lines', () => {
  const seat = { description: 'Pro plan', quantity: 3, unitAmount: 10_000n, priceId: 'price-1' };
  const setup = { description: 'Setup', quantity: 1, unitAmount: 5_000n };
  const oldDiscount = { description: 'Goodwill', quantity: 1, unitAmount: -1_000n };
  const proration = { description: 'Unused time on Pro', quantity: 1, unitAmount: -2_000n, priceId: 'price-1' };

  it('removes positions of the lines before the edit, then appends', () => {
    const extra = { description: 'Training day', quantity: 2, unitAmount: 25_000n, taxRateId: 'rate-1' };
    expect(editDraftLines([seat, setup, oldDiscount], { removeLines: [1], addLines: [extra] })).toEqual([seat, oldDiscount, extra]);
  });

  it('replaces every line', () => {
    expect(editDraftLines([seat, setup], { lines: [setup] })).toEqual([setup]);
  });

  it('replaces the discount lines only, never a price\'s credit', () => {
    expect(editDraftLines([seat, oldDiscount, proration], { discounts: [{ description: 'Loyalty 10%', amount: 2_800n }] })).toEqual([
      seat,
      proration,
      { description: 'Loyalty 10%', quantity: 1, unitAmount: -2_800n },
    ]);
    expect(editDraftLines([seat, oldDiscount], { discounts: [] })).toEqual([seat]);
  });

  it("keeps a coupon's discount when every line is replaced, and drops it with the discount lines", () => {
    const coupon = { description: 'LAUNCH15 (15% off)', quantity: 1, unitAmount: -4_500n, coupon: { discountId: 'discount-1', value: { percentOffBasisPoints: 1_500 } } };
    expect(editDraftLines([seat, coupon], { lines: [setup] })).toEqual([setup, coupon]);
    expect(editDraftLines([seat, coupon], { removeLines: [0], addLines: [setup] })).toEqual([coupon, setup]);
    expect(editDraftLines([seat, oldDiscount, coupon], { discounts: [] })).toEqual([seat]);
    // Its amount is recomputed on the new lines by followCouponDiscounts; alone it is not a line the draft keeps.
    expect(() => editDraftLines([seat, coupon], { removeLines: [0] })).toThrow(/^lines: a draft must keep at least one line/);
    expect(() => editDraftLines([seat, coupon], { lines: [] })).toThrow(/^lines: a draft must keep at least one line/);
  });

  it('names the field it refuses', () => {
    expect(() => editDraftLines([seat], { removeLines: [1] })).toThrow('removeLines: the draft has no line 1 (it has 1)');
    expect(() => editDraftLines([seat], { removeLines: [0] })).toThrow(/^lines: a draft must keep at least one line/);
    expect(() => editDraftLines([seat], { lines: [setup], removeLines: [0] })).toThrow(/^removeLines: cannot be combined/);
    expect(() => editDraftLines([seat], { discounts: [{ description: 'x', amount: 0n }] })).toThrow(/^discounts\[0\]\.amount: must be a positive amount/);
  });
});
