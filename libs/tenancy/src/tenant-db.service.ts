import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { AuditTrail } from './audit/audit-trail';
import { auditedPool } from './audit/audited-pool';
import { TenantConnection, TenantConnections, TenantLease } from './tenant-connections';
import { TenantContext } from './tenant-context';

const CONNECTION_KEY = Symbol('nova.tenantConnection');

/**
 * The current tenant's database, as use cases take it (a TenantDatabase: the tenant's pool). The first
 * use in a request or job leases the tenant's connection for the rest of that context; the lease is
 * returned when the context ends. The pool handed out is audited (auditedPool): its writes carry the
 * context's actor and origin (AuditTrail) to the audit triggers.
 * Throws `OutsideTenantContextError` when there is no tenant.
 */
@Injectable()
export class TenantDb {
  constructor(
    private readonly context: TenantContext,
    private readonly connections: TenantConnections,
    private readonly cls: ClsService,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Each leased connection's audited view, made once: the audit setting it carries is read from
   * the context of each call (AuditTrail.setting), so one view serves every request on the connection.
   */
  private readonly audited = new WeakMap<TenantConnection, TenantConnection>();

  async connection(): Promise<TenantConnection> {
    const tenant = this.context.current;
    const held = this.cls.get<Promise<TenantConnection> | undefined>(CONNECTION_KEY);
    if (held) return held;
    const lease = this.connections.lease(tenant);
    const connection = lease.then(({ connection }) => this.auditedView(connection));
    this.cls.set(CONNECTION_KEY, connection);
    // Runs when the request or job is over, possibly outside any CLS context (a response's
    // 'close' event): it must only touch the lease it closes over.
    this.context.onExit(() => void lease.then((held: TenantLease) => held.release(), () => undefined));
    return connection;
  }

  private auditedView(connection: TenantConnection): TenantConnection {
    let view = this.audited.get(connection);
    if (!view) this.audited.set(connection, (view = { ...connection, pool: auditedPool(connection.pool, () => this.audit.setting()) }));
    return view;
  }
}
