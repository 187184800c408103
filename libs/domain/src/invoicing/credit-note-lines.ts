// Per-line credit notes (Stripe's credit note `lines`) and where a credit note's money goes
// (Stripe's credit_amount / refund_amount / out_of_band_amount). Pure: the use case loads the
// invoice's lines with what earlier credit notes took from each, and asks this what to write.
//
// A line is credited by `quantity` (that share of the line) or by `amount` (minor units, tax
// included, like a credit note's amount). What a line credit takes is split between the line's
// taxable value and each of its tax components by largest remainder (`allocate`), weighted by
// what is still left of each part, so the parts always add up to the line credit, and crediting
// what is left of a line takes exactly what is left of every part: after any number of credit
// notes a fully credited line has given back exactly its taxable value and each component.
import { DomainError } from '../errors';
import { allocate } from '../money/allocate';
import { divideRounded } from '../money/rounding';

/** An invoice line as a per-line credit note sees it. */
export interface CreditableInvoiceLine {
  readonly id: string;
  readonly description: string;
  readonly quantity: number;
  /** The taxable value (the line without its tax), minor units. */
  readonly taxable: bigint;
  /** The line's tax per component, in the line's order (CGST before SGST …). */
  readonly taxes: readonly { readonly code: string; readonly percentage: string; readonly amount: bigint }[];
  /** What earlier credit notes (not void) took of this line: taxable value and each component (same codes and percentages). */
  readonly credited: { readonly taxable: bigint; readonly taxes: readonly { readonly code: string; readonly percentage: string; readonly amount: bigint }[] };
}

export interface CreditNoteLineRequest {
  readonly invoiceLineId: string;
  /** Whole units of the line's quantity. */
  readonly quantity?: number;
  /** Minor units, tax included. */
  readonly amount?: bigint;
}

export interface PlannedCreditNoteLine {
  readonly invoiceLineId: string;
  readonly description: string;
  /** When credited by quantity. */
  readonly quantity: number | null;
  /** The taxable value credited (minor units). */
  readonly taxable: bigint;
  readonly taxes: readonly { readonly code: string; readonly percentage: string; readonly amount: bigint }[];
  readonly taxAmount: bigint;
  /** taxable + taxAmount: what this line of the note credits, tax included. */
  readonly amount: bigint;
}

export interface PlannedCreditNoteLines {
  readonly lines: readonly PlannedCreditNoteLine[];
  /** The note's amount, tax included: the lines' sum. */
  readonly amount: bigint;
  readonly taxAmount: bigint;
  /** The note's tax per component and rate, first-seen order. */
  readonly taxComponents: readonly { readonly code: string; readonly percentage: string; readonly amount: bigint }[];
}

export const CREDIT_NOTE_MAX_LINES = 100;

const lineTotal = (taxable: bigint, taxes: readonly { amount: bigint }[]) => taxable + taxes.reduce((sum, tax) => sum + tax.amount, 0n);

/** What is left to credit of each part of a line: taxable value and each tax component. */
function leftOf(line: CreditableInvoiceLine): { taxable: bigint; taxes: { code: string; percentage: string; amount: bigint }[] } {
  const taxes = line.taxes.map((tax) => {
    const credited = line.credited.taxes.find((part) => part.code === tax.code && part.percentage === tax.percentage)?.amount ?? 0n;
    return { code: tax.code, percentage: tax.percentage, amount: tax.amount - credited };
  });
  return { taxable: line.taxable - line.credited.taxable, taxes };
}

/**
 * The lines of a per-line credit note. Each request names a line of the invoice (once) and either
 * a quantity (at most the line's) or an amount; never more than what is left of the line, which
 * a quantity takes as that share of the line's total (half-even), the rest of the line once the
 * whole quantity is credited. Discount and credit lines (a negative total) are not credited by
 * line. Refusals name `lines.<index>.<field>`.
 */
export function planCreditNoteLines(invoiceLines: readonly CreditableInvoiceLine[], requests: readonly CreditNoteLineRequest[]): PlannedCreditNoteLines {
  if (requests.length === 0) throw DomainError.validation('lines', 'must name at least one invoice line');
  if (requests.length > CREDIT_NOTE_MAX_LINES) throw DomainError.validation('lines', `must have at most ${CREDIT_NOTE_MAX_LINES} entries`);
  const seen = new Set<string>();
  const lines = requests.map((request, index): PlannedCreditNoteLine => {
    const field = `lines.${index}`;
    const line = invoiceLines.find((candidate) => candidate.id === request.invoiceLineId);
    if (!line) throw DomainError.validation(`${field}.invoiceLineId`, 'names no line of this invoice');
    if (seen.has(line.id)) throw DomainError.validation(`${field}.invoiceLineId`, 'names a line already credited in this note');
    seen.add(line.id);
    const total = lineTotal(line.taxable, line.taxes);
    if (total <= 0n) throw DomainError.validation(`${field}.invoiceLineId`, 'is a discount or credit line: it cannot be credited');
    const left = leftOf(line);
    const leftTotal = lineTotal(left.taxable, left.taxes);
    if ((request.quantity === undefined) === (request.amount === undefined)) throw DomainError.validation(`${field}.amount`, 'give either quantity or amount');

    let amount: bigint;
    if (request.quantity !== undefined) {
      if (!Number.isSafeInteger(request.quantity) || request.quantity < 1) throw DomainError.validation(`${field}.quantity`, 'must be a whole number of at least 1');
      if (request.quantity > line.quantity) throw DomainError.validation(`${field}.quantity`, `must be at most ${line.quantity}, the line's quantity`);
      amount = request.quantity === line.quantity ? total : divideRounded(total * BigInt(request.quantity), BigInt(line.quantity), 'half-even');
      if (amount > leftTotal) throw DomainError.validation(`${field}.quantity`, `credits ${amount} but only ${leftTotal} is left to credit on this line`);
    } else {
      amount = request.amount!;
      if (amount <= 0n) throw DomainError.validation(`${field}.amount`, 'must be more than zero');
      if (amount > leftTotal) throw DomainError.validation(`${field}.amount`, `must be at most ${leftTotal}, what is left to credit on this line`);
    }
    // The credit split over what is left of the taxable value and each component; all of what is left when it takes all of it.
    const parts = amount === leftTotal ? [left.taxable, ...left.taxes.map((tax) => tax.amount)] : allocate(amount, [left.taxable, ...left.taxes.map((tax) => tax.amount)].map((part) => (part > 0n ? part : 0n)));
    const taxes = left.taxes.map((tax, position) => ({ code: tax.code, percentage: tax.percentage, amount: parts[position + 1]! }));
    const taxAmount = taxes.reduce((sum, tax) => sum + tax.amount, 0n);
    return { invoiceLineId: line.id, description: line.description, quantity: request.quantity ?? null, taxable: parts[0]!, taxes, taxAmount, amount };
  });
  const components = new Map<string, { code: string; percentage: string; amount: bigint }>();
  for (const tax of lines.flatMap((line) => line.taxes)) {
    const key = `${tax.code}@${tax.percentage}`;
    const component = components.get(key) ?? { code: tax.code, percentage: tax.percentage, amount: 0n };
    component.amount += tax.amount;
    components.set(key, component);
  }
  return {
    lines,
    amount: lines.reduce((sum, line) => sum + line.amount, 0n),
    taxAmount: lines.reduce((sum, line) => sum + line.taxAmount, 0n),
    taxComponents: [...components.values()].filter((component) => component.amount !== 0n),
  };
}

export const CREDIT_NOTE_REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type CreditNoteRefundStatus = (typeof CREDIT_NOTE_REFUND_STATUSES)[number];

export interface CreditNoteMoneyRequest {
  /** To the customer's credit balance. */
  readonly creditAmount?: bigint;
  /** Refunded through the invoice's provider payment. */
  readonly refundAmount?: bigint;
  /** Given back outside NovaBilling (cash, a bank transfer): recorded only. */
  readonly outOfBandAmount?: bigint;
}

export interface CreditNoteMoney {
  readonly creditAmount: bigint;
  readonly refundAmount: bigint;
  readonly outOfBandAmount: bigint;
}

const MONEY_FIELDS = ['creditAmount', 'refundAmount', 'outOfBandAmount'] as const;

/**
 * Where the part of a credit note that did not lower the amount due (`postPayment`: the note's
 * total less what it took off the amount due) goes, Stripe's way: nothing given, all of it to
 * the customer's balance; otherwise the three amounts (a missing one is 0) must add up to it
 * exactly, else a 400 naming the first amount given. A refund needs a provider payment of the
 * invoice with at least that much still refundable (`refundable`), else a 400 naming
 * `refundAmount`.
 */
export function splitCreditNoteMoney(postPayment: bigint, request: CreditNoteMoneyRequest, refundable: bigint): CreditNoteMoney {
  const given = MONEY_FIELDS.filter((field) => request[field] !== undefined);
  for (const field of given) if (request[field]! < 0n) throw DomainError.validation(field, 'must not be negative');
  if (given.length === 0) return { creditAmount: postPayment, refundAmount: 0n, outOfBandAmount: 0n };
  const money = { creditAmount: request.creditAmount ?? 0n, refundAmount: request.refundAmount ?? 0n, outOfBandAmount: request.outOfBandAmount ?? 0n };
  const sum = money.creditAmount + money.refundAmount + money.outOfBandAmount;
  if (sum !== postPayment) {
    throw DomainError.validation(
      given[0]!,
      `creditAmount + refundAmount + outOfBandAmount must equal ${postPayment}, the credit note's total less what it took off the amount due (got ${sum})`,
    );
  }
  if (money.refundAmount > refundable) {
    throw DomainError.validation('refundAmount', refundable > 0n ? `must be at most ${refundable}, what the invoice's provider payment still has to refund` : "the invoice has no provider payment left to refund: use creditAmount or outOfBandAmount");
  }
  return money;
}
