import { DomainError, ErrorCode, type PlatformPlanCode } from '@nova/domain';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AdminRole, CentralDb, Tenant } from '@nova/central-db';
import { inTransaction } from '@nova/common';
import { AdminUserRow, insertAdminUser } from './admin-users.repository';
import { TenantConnections } from './tenant-connections';
import { TenantDatabases, tenantDatabasesOf } from './tenant-databases';
import { TenantDirectory } from './tenant-directory';
import { signupPlan } from './use-cases/tenant-plan';
import { deleteTenantRow, findTenantById, insertProvisioningTenant, markTenantActive } from './tenants.repository';

export interface NewTenant {
  slug: string;
  name: string;
  defaultCurrency?: string;
  /** `emailVerified`: the address was proven elsewhere (an operator's script, a benchmark); live mode opens at once. */
  owner: { email: string; name: string; passwordHash: string; emailVerified?: boolean };
  /** Its NovaBilling plan (default: the trial, ending TRIAL_DAYS from now). */
  plan?: PlatformPlanCode;
}

export type ProvisioningStep = 'register' | 'create-database' | 'migrate' | 'activate';

/**
 * Registers a tenant and gives it its two ready databases, live and test (on the same server), or
 * leaves nothing behind: a failure at any step drops both databases (those that were created) and
 * deletes the registry rows, and the error names the step that failed.
 */
@Injectable()
export class TenantProvisioning {
  private readonly logger = new Logger(TenantProvisioning.name);

  constructor(
    private readonly central: CentralDb,
    private readonly databases: TenantDatabases,
    private readonly connections: TenantConnections,
    private readonly directory: TenantDirectory,
  ) {}

  async provision(input: NewTenant): Promise<{ tenant: Tenant; owner: AdminUserRow }> {
    const id = randomUUID();
    const dbServer = await this.databases.chooseServer();
    const dbName = this.databases.databaseNameFor(id, 'live');
    const testDbName = this.databases.databaseNameFor(id, 'test');
    const { tenant, owner } = await this.register(id, dbServer, dbName, testDbName, input);

    let step: ProvisioningStep = 'create-database';
    try {
      await this.databases.create(dbServer, dbName);
      await this.databases.create(dbServer, testDbName, 'test');
      step = 'migrate';
      await Promise.all([this.databases.migrate({ dbServer, dbName }), this.databases.migrate({ dbServer, dbName: testDbName })]);
      step = 'activate';
      const active = await markTenantActive(this.central.pool, id);
      return { tenant: active, owner };
    } catch (error) {
      await this.undo(tenant);
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`Provisioning tenant ${input.slug} failed at ${step}: ${reason}`);
      throw new DomainError(ErrorCode.ProvisioningFailed, `Tenant provisioning failed at step "${step}": ${reason}`, { step });
    }
  }

  /** Removes a tenant completely: its databases, then its registry rows. */
  async deprovision(tenantId: string): Promise<void> {
    const tenant = await findTenantById(this.central.pool, tenantId);
    if (!tenant) return;
    await this.undo(tenant);
  }

  /** The registry rows, in one transaction: a taken e-mail or slug is a 409 naming the field (translateCentralError). */
  private register(id: string, dbServer: string, dbName: string, testDbName: string, input: NewTenant): Promise<{ tenant: Tenant; owner: AdminUserRow }> {
    return inTransaction(this.central.pool, async (client) => {
      const tenant = await insertProvisioningTenant(client, { id, slug: input.slug, name: input.name, dbServer, dbName, testDbName, defaultCurrency: input.defaultCurrency, ...signupPlan(input.plan ?? 'trial') });
      const owner = await insertAdminUser(client, { tenantId: id, email: input.owner.email, name: input.owner.name, passwordHash: input.owner.passwordHash, role: AdminRole.owner, emailVerified: input.owner.emailVerified });
      return { tenant, owner };
    });
  }

  /** Databases first, registry rows last: a crash in between leaves a row an operator can see. */
  private async undo(tenant: Tenant): Promise<void> {
    await this.connections.evict(tenant.id);
    for (const { dbServer, dbName } of tenantDatabasesOf(tenant)) {
      try {
        await this.databases.drop(dbServer, dbName);
      } catch (error) {
        // Also reached when CREATE DATABASE itself failed because the server is unreachable.
        this.logger.error(`Could not drop database ${dbName} of tenant ${tenant.id}: ${(error as Error).message}`);
      }
    }
    await deleteTenantRow(this.central.pool, tenant.id);
    this.directory.invalidate(tenant.id);
  }
}
