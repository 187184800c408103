import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { TenantConnection, TenantConnections, TenantLease } from './tenant-connections';
import { TenantContext } from './tenant-context';

const LEASE_KEY = 'nova.tenantLease';

/**
 * The current tenant's database, as use cases take it (a TenantDatabase: the pool and the Prisma
 * client on it; each repository uses one of the two). The first use in a request or job leases the tenant's
 * connection for the rest of that context; the lease is returned when the context ends.
 * Throws `OutsideTenantContextError` when there is no tenant.
 */
@Injectable()
export class TenantDb {
  constructor(
    private readonly context: TenantContext,
    private readonly connections: TenantConnections,
    private readonly cls: ClsService,
  ) {}

  async connection(): Promise<TenantConnection> {
    const tenant = this.context.current;
    const held = this.cls.get<Promise<TenantLease> | undefined>(LEASE_KEY);
    if (held) return (await held).connection;
    const lease = this.connections.lease(tenant);
    this.cls.set(LEASE_KEY, lease);
    // Runs when the request or job is over, possibly outside any CLS context (a response's
    // 'close' event): it must only touch the lease it closes over.
    this.context.onExit(() => void lease.then((held) => held.release(), () => undefined));
    return (await lease).connection;
  }
}
