import { DomainError, invoicePrefixProblem, paymentTermsProblem } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { CentralDb, Tenant } from '@nova/central-db';
import { TenantDirectory } from '../tenant-directory';
import { TenantSettingsChange, updateTenantSettings } from '../tenants.repository';

export interface UpdateTenantSettingsCommand {
  tenantId: string;
  change: TenantSettingsChange;
}

/** PATCH /tenants/me: the given settings change, and every process forgets its cached copy. */
@Injectable()
export class UpdateTenantSettings {
  constructor(
    private readonly central: CentralDb,
    private readonly directory: TenantDirectory,
  ) {}

  async execute(command: UpdateTenantSettingsCommand): Promise<Tenant> {
    // The DTO checks these too; the use case does not rely on its caller.
    const { invoicePrefix, paymentTermsDays } = command.change;
    const prefixProblem = invoicePrefix === undefined ? null : invoicePrefixProblem(invoicePrefix);
    if (prefixProblem) throw DomainError.validation('invoicePrefix', prefixProblem);
    const termsProblem = paymentTermsDays === undefined ? null : paymentTermsProblem(paymentTermsDays);
    if (termsProblem) throw DomainError.validation('paymentTermsDays', termsProblem);
    const tenant = await updateTenantSettings(this.central.pool, command.tenantId, command.change);
    if (!tenant) throw DomainError.notFound('Tenant', command.tenantId);
    await this.directory.announceChange(command.tenantId);
    return tenant;
  }
}
