// Webhook frameworks hand headers over in different shapes (Node's IncomingHttpHeaders, Fastify,
// plain objects with any casing). This reads one header, case-insensitively, as a single string.

export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    const single = typeof value === 'string' ? value : value[0];
    return single === undefined || single === '' ? undefined : single;
  }
  return undefined;
}
