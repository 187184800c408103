/** A UUID as PostgreSQL's `uuid` type accepts it (any version, any case). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` can be compared with a uuid column without PostgreSQL refusing the cast. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
