// Draft invoices (Stripe's): the billing cycle's renewals wait as drafts for the tenant's
// `draftFinalizeDelayMinutes` (Stripe: one hour) and are then finalized by the worker; a draft can
// be edited and finalized (or deleted) by hand before that. Rules defined once, pure.
import type { LineCoupon } from '../catalog/coupons';
import { DomainError } from '../errors';

/** Stripe's one hour; new tenants start with it. */
export const DRAFT_FINALIZE_DELAY_MINUTES_DEFAULT = 60;
/** A week at most: renewals never wait longer than that to be collected. */
export const DRAFT_FINALIZE_DELAY_MINUTES_MAX = 10_080;

export function draftFinalizeDelayProblem(minutes: unknown): string | null {
  return Number.isInteger(minutes) && (minutes as number) >= 0 && (minutes as number) <= DRAFT_FINALIZE_DELAY_MINUTES_MAX
    ? null
    : `must be whole minutes from 0 (finalized at once) to ${DRAFT_FINALIZE_DELAY_MINUTES_MAX}`;
}

/**
 * When a billing-cycle draft created at `createdAt` is finalized automatically; null when the
 * delay is 0 (or not set): the renewal is finalized at once, not left as a draft.
 */
export function draftAutoFinalizeAt(createdAt: Date, delayMinutes: number | undefined): Date | null {
  if (!delayMinutes) return null;
  return new Date(createdAt.getTime() + delayMinutes * 60_000);
}

/** Whether a draft due for automatic finalization at `autoFinalizeAt` is due at `asOf`. */
export function isDraftDue(autoFinalizeAt: Date | null, asOf: Date): boolean {
  return autoFinalizeAt !== null && autoFinalizeAt.getTime() <= asOf.getTime();
}

/** A line of a draft as an edit sees it: the hand-written fields, and whatever else the line carries (price, period, usage). */
export interface DraftLine {
  readonly description: string;
  readonly quantity: number;
  readonly unitAmount: bigint;
  readonly priceId?: string;
  readonly taxRateId?: string;
  /** A coupon's discount line (followCouponDiscounts recomputes it on the other lines). */
  readonly coupon?: LineCoupon;
}

/** A discount written on a draft: a line of minus `amount` (minor units, positive). */
export interface DraftDiscount {
  readonly description: string;
  readonly amount: bigint;
}

export interface DraftLinesEdit<L extends DraftLine> {
  /** Replaces every line but the coupons' discount lines (the discounts stay, on the new lines). */
  readonly lines?: readonly L[];
  /** Positions (0-based, of the lines before this edit) to remove. */
  readonly removeLines?: readonly number[];
  /** Appended after the removals. */
  readonly addLines?: readonly L[];
  /** Replaces the draft's discount lines (negative lines without a price, and the coupons') with these, last. */
  readonly discounts?: readonly DraftDiscount[];
}

/**
 * The lines of a draft after an edit, in this order: `lines` replaces them all (but a coupon's
 * discount, which is the subscription's or customer's, not a line the tenant wrote), `removeLines` drops
 * positions of the lines before the edit (400 naming `removeLines` for one that does not exist),
 * `addLines` appends, and `discounts` replaces the discount lines. Validating the new lines
 * (assertManualLines) is the caller's; the result must still hold a line.
 */
export function editDraftLines<L extends DraftLine>(current: readonly L[], edit: DraftLinesEdit<L>): (L | DraftLine)[] {
  let lines: (L | DraftLine)[] = edit.lines ? [...edit.lines, ...current.filter((line) => line.coupon !== undefined)] : [...current];
  if (edit.removeLines?.length) {
    if (edit.lines) throw DomainError.validation('removeLines', 'cannot be combined with lines (which replaces every line)');
    const remove = new Set(edit.removeLines);
    for (const position of remove) {
      if (!Number.isInteger(position) || position < 0 || position >= current.length) throw DomainError.validation('removeLines', `the draft has no line ${position} (it has ${current.length})`);
    }
    lines = lines.filter((_, position) => !remove.has(position));
  }
  if (edit.addLines) lines.push(...edit.addLines);
  if (edit.discounts) {
    edit.discounts.forEach((discount, index) => {
      if (discount.amount <= 0n) throw DomainError.validation(`discounts[${index}].amount`, 'must be a positive amount in minor units');
    });
    lines = lines.filter((line) => !isDiscountLine(line));
    lines.push(...edit.discounts.map((discount) => ({ description: discount.description, quantity: 1, unitAmount: -discount.amount })));
  }
  // A coupon's discount alone discounts nothing: it does not count as the line a draft must keep.
  if (!lines.some((line) => line.coupon === undefined)) throw DomainError.validation('lines', 'a draft must keep at least one line (delete the draft instead)');
  return lines;
}

/** A discount line: negative, not a price's (a proration credit is a price's line); or a coupon's, whatever it takes off now. */
export function isDiscountLine(line: DraftLine): boolean {
  return (line.unitAmount < 0n && !line.priceId) || line.coupon !== undefined;
}

/** A due date set on a draft: from a day ago (an invoice dated today, due today) to a year ahead (the longest payment terms). */
export const DRAFT_DUE_AT_MAX_AHEAD_DAYS = 365;

/** Why `dueAt` is not an acceptable due date for a draft at `now`, as a phrase after the field name, or null. */
export function draftDueAtProblem(dueAt: Date, now: Date): string | null {
  if (!(dueAt instanceof Date) || Number.isNaN(dueAt.getTime())) return 'must be a valid date-time';
  if (dueAt.getTime() < now.getTime() - 86_400_000) return 'must not be in the past';
  if (dueAt.getTime() > now.getTime() + DRAFT_DUE_AT_MAX_AHEAD_DAYS * 86_400_000) return `must be at most ${DRAFT_DUE_AT_MAX_AHEAD_DAYS} days ahead`;
  return null;
}
