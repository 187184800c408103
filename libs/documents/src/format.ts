import { currencyExponent } from '@nova/domain';

const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/**
 * Formats an integer amount of minor units as an exact decimal string: `formatMoney(123450n, 'KES')`
 * is "KES 1,234.50", `formatMoney(500000n, 'UGX')` is "UGX 500,000". Pure string arithmetic on
 * the digits, so no amount ever passes through a float.
 */
export function formatMoney(amountMinor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const sign = amountMinor < 0n ? '-' : '';
  const digits = (amountMinor < 0n ? -amountMinor : amountMinor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent).replace(THOUSANDS, ',');
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${currency} ${sign}${whole}${fraction}`;
}

const QUANTITY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** Quantities are counts or metered usage (1.5 GB), never money, so a plain number is fine. */
export function formatQuantity(quantity: number): string {
  return QUANTITY.format(quantity);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "5 Dec 2025". Always the UTC calendar date: a document must read the same whichever time
 * zone the worker that renders it runs in.
 */
export function formatDate(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "1 Nov 2025 – 30 Nov 2025" */
export function formatPeriod(start: Date, end: Date): string {
  return `${formatDate(start)} – ${formatDate(end)}`;
}
