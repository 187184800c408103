// Daraja timestamps are YYYYMMDDHHmmss. The docs do not name a zone; integrations (and the
// TransactionDate values M-Pesa sends back) use Kenyan time, Africa/Nairobi (UTC+3, no DST).

const NAIROBI = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Africa/Nairobi',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function darajaTimestamp(epochMs: number): string {
  const parts = Object.fromEntries(NAIROBI.formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]));
  return `${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}`;
}

/** Reads a YYYYMMDDHHmmss Nairobi time (string or number, as callbacks send it). */
export function parseDarajaTimestamp(value: unknown): Date | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  const match = typeof text === 'string' ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text) : null;
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}+03:00`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
