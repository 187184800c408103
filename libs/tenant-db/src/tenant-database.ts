import type { Pool } from 'pg';

/**
 * One tenant's database as use cases receive it: the tenant's small pg pool. Every repository
 * runs raw SQL on it (one choice for the whole core): a use case's transaction can span several
 * repositories on one connection, the set-based billing and rating statements need it anyway,
 * and Prisma's query compiler cost ~40 % of the API's CPU on its hottest read (bench/RESULTS.md).
 * Prisma remains the schema and migration tool and the source of the generated row types.
 */
export interface TenantDatabase {
  readonly pool: Pool;
}

/** A TenantDatabase over an existing pool (the connection cache, medium tests, operator scripts). */
export function tenantDatabaseOn(pool: Pool): TenantDatabase {
  return { pool };
}
