import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { ClsService } from 'nestjs-cls';
import { testConfig } from '../../../test/support/test-env';
import { TenantConnections } from './tenant-connections';
import { OutsideTenantContextError, TenantContext } from './tenant-context';
import { TenantDb } from './tenant-db.service';
import { AuditTrail } from './audit/audit-trail';
import type { CentralDb } from '@nova/central-db';

describe('TenantDb', () => {
  const cls = new ClsService(new AsyncLocalStorage());
  const context = new TenantContext(cls);
  const connections = new TenantConnections(testConfig({ TENANT_DB_CLIENT_CACHE_MAX: '1', TENANT_DB_POOL_MAX: '1' }).tenantDb);
  const db = new TenantDb(context, connections, cls, new AuditTrail(cls, {} as CentralDb));
  const tenant = () => ({ id: randomUUID(), mode: 'live' as const, dbServer: 'main', dbName: 'postgres' });

  afterAll(() => connections.onModuleDestroy());

  it('refuses to touch tenant data outside a tenant context', async () => {
    await expect(db.connection()).rejects.toThrow(OutsideTenantContextError);
  });

  it('leases one connection per context and returns it when the context ends, even from outside any context', async () => {
    let exit: () => void = () => undefined;
    const first = tenant();
    const connection = await cls.run(async () => {
      exit = context.enter(first);
      const a = await db.connection();
      const b = await db.connection();
      expect(b).toBe(a);
      return a;
    });
    // A response's 'close' event runs outside the request's context: ending must still work.
    expect(() => exit()).not.toThrow();
    // Another tenant evicts the first (cache of 1); the first's pool closes now that it is released.
    await context.run(tenant(), () => db.connection());
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(connection.pool.query('SELECT 1')).rejects.toThrow(/after calling end/);
  });
});
