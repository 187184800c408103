import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';

/** What code running "as a tenant" needs to know: who, and where its database lives. */
export interface TenantRef {
  id: string;
  dbServer: string;
  dbName: string;
}

export class OutsideTenantContextError extends Error {
  constructor() {
    super('Tenant data was touched outside a tenant context (no tenant was resolved for this request or job)');
  }
}

const TENANT_KEY = 'nova.tenant';
const CORRELATION_KEY = 'nova.correlationId';

/**
 * The current tenant travels in AsyncLocalStorage (through nestjs-cls), never in
 * REQUEST-scoped providers. HTTP requests get a context from the CLS middleware and the auth
 * guard fills it in; jobs open one with `run()` before doing any work.
 */
@Injectable()
export class TenantContext {
  constructor(private readonly cls: ClsService) {}

  /** Sets the tenant of the context that is already open (an HTTP request). */
  enter(tenant: TenantRef, correlationId?: string): void {
    this.cls.set(TENANT_KEY, tenant);
    if (correlationId) this.cls.set(CORRELATION_KEY, correlationId);
  }

  /** Runs `work` in a fresh context that belongs to `tenant` (jobs, scripts). */
  run<T>(tenant: TenantRef, work: () => Promise<T>, correlationId?: string): Promise<T> {
    return this.cls.run(() => {
      this.enter(tenant, correlationId);
      return work();
    });
  }

  /** The current tenant; throws when called outside a tenant context. */
  get current(): TenantRef {
    const tenant = this.cls.isActive() ? this.cls.get<TenantRef | undefined>(TENANT_KEY) : undefined;
    if (!tenant) throw new OutsideTenantContextError();
    return tenant;
  }

  get tenantId(): string {
    return this.current.id;
  }

  get correlationId(): string | undefined {
    return this.cls.isActive() ? this.cls.get<string | undefined>(CORRELATION_KEY) : undefined;
  }
}
