import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { CentralDbConfig } from '@nova/config';

/**
 * The central database: the tenant registry, admin users, sessions, API keys. Its tables are
 * written and read by libs/tenancy's repositories on this pool (raw SQL: the API-key and tenant
 * lookups are the API's hot path). Prisma is the schema and migration tool here, not a client.
 */
@Injectable()
export class CentralDb implements OnModuleDestroy {
  readonly pool: Pool;

  constructor(config: CentralDbConfig) {
    this.pool = new Pool({ connectionString: config.url, max: config.poolMax, application_name: 'novabilling-central' });
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
