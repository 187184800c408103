import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { TenantMode } from '@nova/domain';

/**
 * What code running "as a tenant" needs to know: who, in which mode, and where that mode's
 * database lives (each tenant has a live and a test database; `tenantRefIn` picks one).
 */
export interface TenantRef {
  id: string;
  mode: TenantMode;
  dbServer: string;
  dbName: string;
}

export class OutsideTenantContextError extends Error {
  constructor() {
    super('Tenant data was touched outside a tenant context (no tenant was resolved for this request or job)');
  }
}

// Symbols: nestjs-cls reads and writes a string key as a dotted path (a split and a walk per call).
const TENANT_KEY = Symbol('nova.tenant');
const CORRELATION_KEY = Symbol('nova.correlationId');
const CLEANUP_KEY = Symbol('nova.cleanup');

/**
 * The current tenant travels in AsyncLocalStorage (through nestjs-cls), never in
 * REQUEST-scoped providers. HTTP requests get a context from the CLS middleware and the auth
 * guard fills it in; jobs open one with `run()` before doing any work.
 */
@Injectable()
export class TenantContext {
  constructor(private readonly cls: ClsService) {}

  /**
   * Sets the tenant of the context that is already open (an HTTP request). Returns the function
   * that ends it, for the caller to run when the request is done (it needs no CLS context).
   */
  enter(tenant: TenantRef, correlationId?: string): () => void {
    const cleanups: (() => void)[] = [];
    this.cls.set(TENANT_KEY, tenant);
    this.cls.set(CLEANUP_KEY, cleanups);
    if (correlationId) this.cls.set(CORRELATION_KEY, correlationId);
    return () => runCleanups(cleanups);
  }

  /** Runs `work` in a fresh context that belongs to `tenant` (jobs, scripts), then cleans it up. */
  run<T>(tenant: TenantRef, work: () => Promise<T>, correlationId?: string): Promise<T> {
    return this.cls.run(async () => {
      const exit = this.enter(tenant, correlationId);
      try {
        return await work();
      } finally {
        exit();
      }
    });
  }

  /** Registers work to do when the current tenant context ends (e.g. returning a connection lease). */
  onExit(cleanup: () => void): void {
    const cleanups = this.cls.isActive() ? this.cls.get<(() => void)[] | undefined>(CLEANUP_KEY) : undefined;
    if (!cleanups) throw new OutsideTenantContextError();
    cleanups.push(cleanup);
  }


  /** The current tenant; throws when called outside a tenant context. */
  get current(): TenantRef {
    const tenant = this.cls.isActive() ? this.cls.get<TenantRef | undefined>(TENANT_KEY) : undefined;
    if (!tenant) throw new OutsideTenantContextError();
    return tenant;
  }

  /** The current tenant, or undefined outside a tenant context (for code that also serves public routes). */
  get currentOrNone(): TenantRef | undefined {
    return this.cls.isActive() ? this.cls.get<TenantRef | undefined>(TENANT_KEY) : undefined;
  }

  get tenantId(): string {
    return this.current.id;
  }

  /** Live or test: which of the tenant's two databases this request or job works in. */
  get mode(): TenantMode {
    return this.current.mode;
  }

  /** Stripe's `livemode`; outside a tenant context it is never guessed: this throws there too. */
  get livemode(): boolean {
    return this.current.mode === 'live';
  }

  /** Who and in which mode, as every per-tenant job payload carries it (TenantJob). */
  get jobTenant(): { tenantId: string; mode: TenantMode } {
    const { id, mode } = this.current;
    return { tenantId: id, mode };
  }

  /** The job's or request's correlation id; in a request that set none, the request id the context was opened with. */
  get correlationId(): string | undefined {
    return this.cls.isActive() ? (this.cls.get<string | undefined>(CORRELATION_KEY) ?? this.cls.getId()) : undefined;
  }
}

function runCleanups(cleanups: (() => void)[]): void {
  for (const cleanup of cleanups.splice(0)) cleanup();
}
