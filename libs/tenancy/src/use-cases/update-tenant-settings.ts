import { DomainError, ErrorCode, canonicalTimeZone, draftFinalizeDelayProblem, invoicePrefixProblem, paymentTermsProblem, timeZoneProblem } from '@nova/domain';
import { Injectable, Optional } from '@nestjs/common';
import { AdminRole, CentralDb, Tenant } from '@nova/central-db';
import { TenantDirectory } from '../tenant-directory';
import { CentralAuditLog, changedColumns } from '../audit/central-audit-log';
import { TenantSettingsChange, findTenantById, updateTenantSettings } from '../tenants.repository';

const SETTINGS: readonly (keyof TenantSettingsChange)[] = ['name', 'defaultCurrency', 'invoicePrefix', 'paymentTermsDays', 'draftFinalizeDelayMinutes', 'billingEmail', 'timeZone'];

export interface UpdateTenantSettingsCommand {
  tenantId: string;
  change: TenantSettingsChange;
  /** Who asks: only an owner may change mfaRequired. */
  actorRole?: AdminRole;
}

/** PATCH /tenants/me: the given settings change (recorded in the tenant's audit log), and every process forgets its cached copy. */
@Injectable()
export class UpdateTenantSettings {
  constructor(
    private readonly central: CentralDb,
    private readonly directory: TenantDirectory,
    @Optional() private readonly audit?: CentralAuditLog,
  ) {}

  async execute(command: UpdateTenantSettingsCommand): Promise<Tenant> {
    // The DTO checks these too; the use case does not rely on its caller.
    const { invoicePrefix, paymentTermsDays } = command.change;
    const prefixProblem = invoicePrefix === undefined ? null : invoicePrefixProblem(invoicePrefix);
    if (prefixProblem) throw DomainError.validation('invoicePrefix', prefixProblem);
    const termsProblem = paymentTermsDays === undefined ? null : paymentTermsProblem(paymentTermsDays);
    if (termsProblem) throw DomainError.validation('paymentTermsDays', termsProblem);
    const delay = command.change.draftFinalizeDelayMinutes;
    const delayProblem = delay === undefined ? null : draftFinalizeDelayProblem(delay);
    if (delayProblem) throw DomainError.validation('draftFinalizeDelayMinutes', delayProblem);
    const { timeZone } = command.change;
    const zoneProblem = timeZone === undefined ? null : timeZoneProblem(timeZone);
    if (zoneProblem) throw DomainError.validation('timeZone', zoneProblem);
    const change = timeZone === undefined ? command.change : { ...command.change, timeZone: canonicalTimeZone(timeZone)! };
    if (command.change.mfaRequired !== undefined && command.actorRole !== AdminRole.owner) throw new DomainError(ErrorCode.Forbidden, 'Only an owner may change mfaRequired');
    const before = await findTenantById(this.central.pool, command.tenantId);
    const tenant = before && (await updateTenantSettings(this.central.pool, command.tenantId, change));
    if (!tenant) throw DomainError.notFound('Tenant', command.tenantId);
    await this.directory.announceChange(command.tenantId);
    const changed = changedColumns(before!, tenant, SETTINGS);
    if (changed) await this.audit?.record({ action: 'tenant.updated', objectType: 'tenant', objectId: tenant.id, ...changed });
    return tenant;
  }
}
