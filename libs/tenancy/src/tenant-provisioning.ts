import { DomainError, ErrorCode } from '@nova/domain';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AdminRole, AdminUser, CentralDb, Tenant, TenantStatus } from '@nova/central-db';
import { uniqueViolationFields } from '@nova/common';
import { TenantConnections } from './tenant-connections';
import { TenantDatabases } from './tenant-databases';
import { TenantDirectory } from './tenant-directory';

export interface NewTenant {
  slug: string;
  name: string;
  defaultCurrency?: string;
  owner: { email: string; name: string; passwordHash: string };
}

export type ProvisioningStep = 'register' | 'create-database' | 'migrate' | 'activate';

/**
 * Registers a tenant and gives it a ready database, or leaves nothing behind: a failure at any
 * step drops the database (if it was created) and deletes the registry rows, and the error names
 * the step that failed.
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

  async provision(input: NewTenant): Promise<{ tenant: Tenant; owner: AdminUser }> {
    const id = randomUUID();
    const dbServer = await this.databases.chooseServer();
    const dbName = this.databases.databaseNameFor(id);
    const { tenant, owner } = await this.register(id, dbServer, dbName, input);

    let step: ProvisioningStep = 'create-database';
    try {
      await this.databases.create(dbServer, dbName);
      step = 'migrate';
      await this.databases.migrate({ dbServer, dbName });
      step = 'activate';
      const active = await this.central.prisma.tenant.update({
        where: { id },
        data: { status: TenantStatus.active, activatedAt: new Date() },
      });
      return { tenant: active, owner };
    } catch (error) {
      await this.undo(tenant);
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`Provisioning tenant ${input.slug} failed at ${step}: ${reason}`);
      throw new DomainError(ErrorCode.ProvisioningFailed, `Tenant provisioning failed at step "${step}": ${reason}`, { step });
    }
  }

  /** Removes a tenant completely: its database, then its registry rows. */
  async deprovision(tenantId: string): Promise<void> {
    const tenant = await this.central.prisma.tenant.findUnique({ where: { id: tenantId } });
    if (!tenant) return;
    await this.undo(tenant);
  }

  private async register(id: string, dbServer: string, dbName: string, input: NewTenant) {
    try {
      return await this.central.prisma.$transaction(async (tx) => {
        const tenant = await tx.tenant.create({
          data: {
            id,
            slug: input.slug,
            name: input.name,
            status: TenantStatus.provisioning,
            dbServer,
            dbName,
            ...(input.defaultCurrency ? { defaultCurrency: input.defaultCurrency } : {}),
          },
        });
        const owner = await tx.adminUser.create({
          data: { tenantId: id, email: input.owner.email, name: input.owner.name, passwordHash: input.owner.passwordHash, role: AdminRole.owner },
        });
        return { tenant, owner };
      });
    } catch (error) {
      const fields = uniqueViolationFields(error);
      if (fields?.some((field) => field.includes('email'))) throw DomainError.conflict('An account with this e-mail already exists', 'email');
      if (fields?.some((field) => field.includes('slug'))) throw DomainError.conflict(`The slug "${input.slug}" is taken`, 'slug');
      throw error;
    }
  }

  /** Database first, registry rows last: a crash in between leaves a row an operator can see. */
  private async undo(tenant: Tenant): Promise<void> {
    await this.connections.evict(tenant.id);
    try {
      await this.databases.drop(tenant.dbServer, tenant.dbName);
    } catch (error) {
      // Also reached when CREATE DATABASE itself failed because the server is unreachable.
      this.logger.error(`Could not drop database ${tenant.dbName} of tenant ${tenant.id}: ${(error as Error).message}`);
    }
    await this.central.prisma.tenant.deleteMany({ where: { id: tenant.id } });
    this.directory.invalidate(tenant.id);
  }
}
