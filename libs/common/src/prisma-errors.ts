/** Fields of a unique constraint that a Prisma write violated (P2002), or null for other errors. */
export function uniqueViolationFields(error: unknown): string[] | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, meta } = error as { code?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } };
  if (code !== 'P2002') return null;
  if (Array.isArray(meta?.target)) return meta.target as string[];
  if (typeof meta?.target === 'string') return [meta.target];
  return meta?.driverAdapterError?.cause?.constraint?.fields ?? [];
}

/** PostgreSQL's own unique_violation (23505), for queries made with a bare pg client. */
export function isPgUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}
