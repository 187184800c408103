import { DomainValidationError } from '../errors';
import { currencyExponent } from '../money/currency';
import { CurrencyMismatchError } from '../money/money';
import { computeLineTax, type TaxBehavior } from '../tax/line-tax';
import { assertTaxRule, type TaxRule } from '../tax/tax-rate';

export interface InvoiceLineInput {
  /** Whole units; fractional usage is rated into a line amount upstream, not multiplied here. */
  readonly quantity: number;
  /** Minor units; negative for credit or discount lines. */
  readonly unitAmount: bigint;
  readonly currency: string;
  /** Tax components on this line, e.g. [VAT 16%] or [CGST 9%, SGST 9%]. None means untaxed. */
  readonly taxes?: readonly TaxRule[];
  /** Whether unitAmount excludes the tax (added on top, the default) or already includes it (backed out exactly). */
  readonly taxBehavior?: TaxBehavior;
}

export interface TaxAmount {
  readonly code: string;
  readonly amount: bigint;
}

export interface InvoiceLineTotals {
  /** quantity × unitAmount, as priced (with the tax in it when the price is tax-inclusive). */
  readonly amount: bigint;
  /** The taxable value: the line without its tax (equal to amount for exclusive prices). */
  readonly taxable: bigint;
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
  const rules = line.taxes ?? [];
  rules.forEach((rule, index) => assertTaxRule(rule, `${field}.taxes[${index}]`));
  // Rounded per line and per component (see computeLineTax): what GST and most VAT regimes expect on a
  // tax invoice, and every printed line adds up on its own.
  const { taxable, taxes, total } = computeLineTax(amount, rules, line.taxBehavior ?? 'exclusive');
  return { amount, taxable, taxes, taxAmount: total - taxable, total };
}

/**
 * Subtotal, tax and total of an invoice in integer minor units of `currency`. Every line must be in that currency.
 * The subtotal is the taxable value (inclusive prices are backed out), so subtotal + taxTotal = total.
 */
export function computeInvoiceTotals(currency: string, lines: readonly InvoiceLineInput[]): InvoiceTotals {
  currencyExponent(currency); // rejects unknown codes up front, even for an empty invoice
  const lineResults = lines.map((line, index) => lineTotals(line, currency, `lines[${index}]`));

  const taxByCode = new Map<string, bigint>();
  let subtotal = 0n;
  for (const line of lineResults) {
    subtotal += line.taxable;
    for (const tax of line.taxes) taxByCode.set(tax.code, (taxByCode.get(tax.code) ?? 0n) + tax.amount);
  }
  const taxes = [...taxByCode].map(([code, amount]) => ({ code, amount }));
  const taxTotal = taxes.reduce((sum, tax) => sum + tax.amount, 0n);
  return { currency, lines: lineResults, subtotal, taxes, taxTotal, total: subtotal + taxTotal };
}
