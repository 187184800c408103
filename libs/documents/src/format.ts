import { DEFAULT_TIME_ZONE, formatMinorAmount, localDateTime } from '@nova/domain';

const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/**
 * An amount of minor units as documents and e-mails show it, exactly: `formatAmount(123450n, 'KES')`
 * is "KES 1,234.50", `formatAmount(500000n, 'UGX')` is "UGX 500,000". Built on the domain's exact
 * decimal string, so no amount ever passes through a float. (For locale-aware display, see
 * `formatAmount` in @nova/domain.)
 */
export function formatAmount(amountMinor: bigint, currency: string): string {
  const exact = formatMinorAmount(amountMinor, currency);
  const sign = exact.startsWith('-') ? '-' : '';
  const [whole = '', fraction] = exact.slice(sign.length).split('.');
  return `${currency} ${sign}${whole.replace(THOUSANDS, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}

const QUANTITY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** Quantities are counts or metered usage (1.5 GB), never money, so a plain number is fine. */
export function formatQuantity(quantity: number): string {
  return QUANTITY.format(quantity);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "5 Dec 2025": the calendar date in `timeZone` (the tenant's; default UTC), never the zone the worker that renders
 * it runs in, so a document reads the same wherever it is rendered.
 */
export function formatDate(date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const local = localDateTime(date, timeZone);
  return `${local.day} ${MONTHS[local.month - 1]} ${local.year}`;
}

/** "1 Nov 2025 – 30 Nov 2025" */
export function formatPeriod(start: Date, end: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return `${formatDate(start, timeZone)} – ${formatDate(end, timeZone)}`;
}
