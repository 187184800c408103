import { Injectable } from '@nestjs/common';
import { CentralDb, Tenant } from '@nova/central-db';
import { TenantDirectory } from '../tenant-directory';
import { setTenantSuspended } from '../tenants.repository';
import { getTenantBySlug } from './find-tenant';

export interface TenantBySlugCommand {
  slug: string;
}

/** Suspends or reactivates a tenant, and tells every process at once (their directories drop the cached status). */
async function changeSuspension(central: CentralDb, directory: TenantDirectory, slug: string, suspended: boolean): Promise<Tenant> {
  const tenant = await getTenantBySlug(central, slug);
  const changed = (await setTenantSuspended(central.pool, tenant.id, suspended)) ?? tenant;
  await directory.announceChange(tenant.id);
  return changed;
}

/** Every tenant endpoint answers 403 and the tenant's jobs stop (decideTenantJob), on every process. */
@Injectable()
export class SuspendTenant {
  constructor(
    private readonly central: CentralDb,
    private readonly directory: TenantDirectory,
  ) {}

  execute(command: TenantBySlugCommand): Promise<Tenant> {
    return changeSuspension(this.central, this.directory, command.slug, true);
  }
}

@Injectable()
export class ReactivateTenant {
  constructor(
    private readonly central: CentralDb,
    private readonly directory: TenantDirectory,
  ) {}

  execute(command: TenantBySlugCommand): Promise<Tenant> {
    return changeSuspension(this.central, this.directory, command.slug, false);
  }
}
