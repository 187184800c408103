import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { PrismaClient } from './generated/client';

/**
 * One tenant's database as the billing contexts receive it: the pg pool (set-based SQL and
 * multi-statement transactions) and the Prisma client running on that same pool. Each
 * repository uses one of the two, never both; use cases take this whole and pass it on.
 */
export interface TenantDatabase {
  readonly pool: Pool;
  readonly prisma: PrismaClient;
}

/** A TenantDatabase over an existing pool (the connection cache, medium tests, operator scripts). */
export function tenantDatabaseOn(pool: Pool): TenantDatabase {
  return { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }) };
}
