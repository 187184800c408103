import { DomainError, ErrorCode, invoicePrefixProblem } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { AdminRole, CentralDb, Tenant } from '@nova/central-db';
import { TenantDirectory } from '../tenant-directory';
import { TenantSettingsChange, updateTenantSettings } from '../tenants.repository';

export interface UpdateTenantSettingsCommand {
  tenantId: string;
  change: TenantSettingsChange;
  /** Who asks: only an owner may change mfaRequired. */
  actorRole?: AdminRole;
}

/** PATCH /tenants/me: the given settings change, and every process forgets its cached copy. */
@Injectable()
export class UpdateTenantSettings {
  constructor(
    private readonly central: CentralDb,
    private readonly directory: TenantDirectory,
  ) {}

  async execute(command: UpdateTenantSettingsCommand): Promise<Tenant> {
    // The DTO checks this too; the use case does not rely on its caller.
    const prefix = command.change.invoicePrefix;
    const problem = prefix === undefined ? null : invoicePrefixProblem(prefix);
    if (problem) throw DomainError.validation('invoicePrefix', problem);
    if (command.change.mfaRequired !== undefined && command.actorRole !== AdminRole.owner) throw new DomainError(ErrorCode.Forbidden, 'Only an owner may change mfaRequired');
    const tenant = await updateTenantSettings(this.central.pool, command.tenantId, command.change);
    if (!tenant) throw DomainError.notFound('Tenant', command.tenantId);
    await this.directory.announceChange(command.tenantId);
    return tenant;
  }
}
