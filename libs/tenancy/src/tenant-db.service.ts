import { Injectable } from '@nestjs/common';
import { TenantPrismaClient } from '@nova/tenant-db';
import { TenantConnection, TenantConnections } from './tenant-connections';
import { TenantContext } from './tenant-context';

/** The current tenant's database. Throws `OutsideTenantContextError` when there is no tenant. */
@Injectable()
export class TenantDb {
  constructor(
    private readonly context: TenantContext,
    private readonly connections: TenantConnections,
  ) {}

  async client(): Promise<TenantPrismaClient> {
    return (await this.connection()).prisma;
  }

  connection(): Promise<TenantConnection> {
    return this.connections.get(this.context.current);
  }
}
