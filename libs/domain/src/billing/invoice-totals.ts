import { DomainValidationError } from '../errors';
import { currencyExponent } from '../money/currency';
import { CurrencyMismatchError } from '../money/money';
import { divideRounded } from '../money/rounding';
import { assertTaxRule, type TaxRule } from './tax';

export interface InvoiceLineInput {
  /** Whole units; fractional usage is rated into a line amount upstream, not multiplied here. */
  readonly quantity: number;
  /** Minor units; negative for credit or discount lines. */
  readonly unitAmount: bigint;
  readonly currency: string;
  /** Tax components on this line, e.g. [VAT 16%] or [CGST 9%, SGST 9%]. None means untaxed. */
  readonly taxes?: readonly TaxRule[];
}

export interface TaxAmount {
  readonly code: string;
  readonly amount: bigint;
}

export interface InvoiceLineTotals {
  /** quantity × unitAmount, before tax. */
  readonly amount: bigint;
  readonly taxes: readonly TaxAmount[];
  readonly taxAmount: bigint;
  readonly total: bigint;
}

export interface InvoiceTotals {
  readonly currency: string;
  readonly lines: readonly InvoiceLineTotals[];
  readonly subtotal: bigint;
  /** Tax per code across all lines, in first-seen order, for the invoice's tax summary. */
  readonly taxes: readonly TaxAmount[];
  readonly taxTotal: bigint;
  readonly total: bigint;
}

function lineTotals(line: InvoiceLineInput, currency: string, field: string): InvoiceLineTotals {
  if (line.currency !== currency) throw new CurrencyMismatchError(currency, line.currency, `${field}.currency`);
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 0) {
    throw new DomainValidationError(`${field}.quantity`, `must be a non-negative integer, got ${line.quantity}`);
  }
  if (typeof line.unitAmount !== 'bigint') {
    throw new DomainValidationError(`${field}.unitAmount`, `must be a bigint of minor units, got ${typeof line.unitAmount}`);
  }

  const amount = BigInt(line.quantity) * line.unitAmount;
  const taxes = (line.taxes ?? []).map((rule, index) => {
    assertTaxRule(rule, `${field}.taxes[${index}]`);
    // Rounded per line and per component (half-even: unbiased across many lines). Line-level rounding is what
    // GST and most VAT regimes expect on a tax invoice, and it makes every printed line add up on its own.
    return { code: rule.code, amount: divideRounded(amount * rule.rate.numerator, rule.rate.denominator, 'half-even') };
  });
  const taxAmount = taxes.reduce((sum, tax) => sum + tax.amount, 0n);
  return { amount, taxes, taxAmount, total: amount + taxAmount };
}

/**
 * Subtotal, tax and total of an invoice in integer minor units of `currency`. Every line must be in that currency.
 * Tax is exclusive (added on top of the line amount).
 */
export function computeInvoiceTotals(currency: string, lines: readonly InvoiceLineInput[]): InvoiceTotals {
  currencyExponent(currency); // rejects unknown codes up front, even for an empty invoice
  const lineResults = lines.map((line, index) => lineTotals(line, currency, `lines[${index}]`));

  const taxByCode = new Map<string, bigint>();
  let subtotal = 0n;
  for (const line of lineResults) {
    subtotal += line.amount;
    for (const tax of line.taxes) taxByCode.set(tax.code, (taxByCode.get(tax.code) ?? 0n) + tax.amount);
  }
  const taxes = [...taxByCode].map(([code, amount]) => ({ code, amount }));
  const taxTotal = taxes.reduce((sum, tax) => sum + tax.amount, 0n);
  return { currency, lines: lineResults, subtotal, taxes, taxTotal, total: subtotal + taxTotal };
}
