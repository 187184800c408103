// An address as printed on a document: in postal order, whatever order its JSON keys come back in
// (PostgreSQL's jsonb stores keys shortest first, so `{line1, city, country}` reads back as
// city, line1, country — "Nairobi, 1 Moi Ave, KE" on every PDF before this existed).

/** Keys in the order an address is written, with the spellings the API has seen (Stripe's and camelCase). */
const POSTAL_ORDER = ['line1', 'line2', 'line3', 'city', 'state', 'region', 'county', 'postal_code', 'postalCode', 'zip', 'country'];

/** The address's parts joined with ", " in postal order (keys it does not know last, as given); null when empty. */
export function formatPostalAddress(address: unknown): string | null {
  if (!address || typeof address !== 'object' || Array.isArray(address)) return null;
  const entries = Object.entries(address as Record<string, unknown>);
  const rank = (key: string) => {
    const index = POSTAL_ORDER.indexOf(key);
    return index === -1 ? POSTAL_ORDER.length : index;
  };
  const parts = entries
    .map(([key, value], position) => ({ key, value, position }))
    .filter((entry): entry is { key: string; value: string; position: number } => typeof entry.value === 'string' && entry.value.trim() !== '')
    .sort((a, b) => rank(a.key) - rank(b.key) || a.position - b.position)
    .map((entry) => entry.value.trim());
  return parts.length > 0 ? parts.join(', ') : null;
}
