// The tenant's tax profile: who it is as a seller (legal name, address, country, registrations)
// and how its prices are meant. Until one exists, invoices carry no tax, exactly as before.
import { inTransaction } from '@nova/common';
import { countryCodeProblem, DomainError, isTaxBehavior, TAX_LEGAL_NAME_MAX_LENGTH, type TaxBehavior, validSellerTaxIds } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { selectTaxProfile, selectTaxRate, upsertTaxProfile } from '../tax.repository';
import type { TaxProfileRecord } from '../tax.types';

export async function getTaxProfile(db: TenantDatabase): Promise<TaxProfileRecord> {
  const profile = await selectTaxProfile(db.pool);
  if (!profile) throw DomainError.notFound('Tax profile');
  return profile;
}

export interface PutTaxProfileCommand {
  legalName: string;
  address?: Record<string, unknown>;
  country: string;
  taxIds?: { type: string; value: string }[];
  defaultTaxBehavior?: TaxBehavior;
  /** An active rate of the tenant, for lines whose price (or product) names none. */
  defaultTaxRateId?: string | null;
}

/** Creates or replaces the profile: fields left out take their defaults (no address, no ids, exclusive, no default rate). */
export async function putTaxProfile(db: TenantDatabase, command: PutTaxProfileCommand): Promise<TaxProfileRecord> {
  const legalName = command.legalName?.trim();
  if (!legalName || legalName.length > TAX_LEGAL_NAME_MAX_LENGTH) throw DomainError.validation('legalName', `must be 1 to ${TAX_LEGAL_NAME_MAX_LENGTH} characters`);
  const countryProblem = countryCodeProblem(command.country);
  if (countryProblem) throw DomainError.validation('country', countryProblem);
  const taxIds = validSellerTaxIds(command.taxIds ?? [], command.country);
  const defaultTaxBehavior = command.defaultTaxBehavior ?? 'exclusive';
  if (!isTaxBehavior(defaultTaxBehavior)) throw DomainError.validation('defaultTaxBehavior', 'must be exclusive or inclusive');
  return inTransaction(db.pool, async (client) => {
    if (command.defaultTaxRateId) {
      const rate = await selectTaxRate(client, command.defaultTaxRateId);
      if (!rate || !rate.active) throw DomainError.validation('defaultTaxRateId', rate ? 'names an archived tax rate' : 'names no tax rate of this tenant');
    }
    return upsertTaxProfile(client, { legalName, address: command.address ?? {}, country: command.country, taxIds, defaultTaxBehavior, defaultTaxRateId: command.defaultTaxRateId ?? null });
  });
}
