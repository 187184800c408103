import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { CentralDbConfig } from '@nova/config';
import { PrismaClient } from './generated/client';

/**
 * The central database: the tenant registry. `prisma` is for ordinary reads and writes;
 * `pool` is the same connection pool, for the few hot paths (API-key lookups) where a bare
 * query is several times cheaper than going through Prisma.
 */
@Injectable()
export class CentralDb implements OnModuleDestroy {
  readonly pool: Pool;
  readonly prisma: PrismaClient;

  constructor(config: CentralDbConfig) {
    this.pool = new Pool({ connectionString: config.url, max: config.poolMax, application_name: 'novabilling-central' });
    this.prisma = new PrismaClient({ adapter: new PrismaPg(this.pool) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.prisma.$disconnect();
    await this.pool.end();
  }
}
