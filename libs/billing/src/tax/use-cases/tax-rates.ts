// The tenant's tax rates (Stripe's tax_rates): a name, a jurisdiction, an exact per cent, the levies
// it stacks (VAT) or none (GST: CGST + SGST or IGST are decided per sale), and whether prices
// include it. A rate's percentage never changes (invoices were issued at it: make a new rate);
// once anything uses it, it can only be archived (active: false), never deleted.
import { type Page, type PageRequest, resolveWindow, toPage } from '@nova/common';
import { DomainError, isTaxBehavior, planTaxRate, TAX_RATE_NAME_MAX_LENGTH, type TaxBehavior } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { deleteTaxRateRow, insertTaxRate, selectTaxRate, selectTaxRatePage, type TaxRateChanges, type TaxRateFilter, taxRatePosition, updateTaxRateRow } from '../tax.repository';
import type { TaxRateRecord } from '../tax.types';

export const TAX_RATE_DESCRIPTION_MAX_LENGTH = 500;

export interface CreateTaxRateCommand {
  name: string;
  country: string;
  state?: string;
  percentage: string;
  components?: { code: string; percentage: string }[];
  /** Omitted: the tax profile's default behaviour applies. */
  taxBehavior?: TaxBehavior;
  description?: string;
}

export async function createTaxRate(db: TenantDatabase, command: CreateTaxRateCommand): Promise<TaxRateRecord> {
  const name = requireName(command.name);
  assertBehavior(command.taxBehavior);
  const description = descriptionOf(command.description);
  const planned = planTaxRate(command);
  return insertTaxRate(db.pool, { name, country: command.country, state: planned.state, percentage: planned.percentage, components: planned.components, taxBehavior: command.taxBehavior ?? null, description });
}

export async function getTaxRate(db: TenantDatabase, id: string): Promise<TaxRateRecord> {
  const rate = await selectTaxRate(db.pool, id);
  if (!rate) throw DomainError.notFound('Tax rate', id);
  return rate;
}

export async function listTaxRates(db: TenantDatabase, query: PageRequest & TaxRateFilter): Promise<Page<TaxRateRecord>> {
  const window = await resolveWindow(query, (id) => taxRatePosition(db.pool, id));
  return toPage(await selectTaxRatePage(db.pool, query, window), query.limit, undefined, window);
}

export interface UpdateTaxRateCommand extends TaxRateChanges {
  id: string;
}

/** Renames, re-describes, archives (active: false) or restores a rate, or changes whether prices include it. */
export async function updateTaxRate(db: TenantDatabase, { id, ...changes }: UpdateTaxRateCommand): Promise<TaxRateRecord> {
  const name = changes.name === undefined ? undefined : requireName(changes.name);
  assertBehavior(changes.taxBehavior);
  const description = changes.description === undefined ? undefined : (descriptionOf(changes.description) ?? '');
  const rate = await updateTaxRateRow(db.pool, id, { ...changes, name, description });
  if (!rate) throw DomainError.notFound('Tax rate', id);
  return rate;
}

/** Only a rate nothing uses; one on an invoice, a product, a price or the profile is archived instead (409). */
export async function deleteTaxRate(db: TenantDatabase, id: string): Promise<void> {
  const outcome = await deleteTaxRateRow(db.pool, id);
  if (outcome === 'not_found') throw DomainError.notFound('Tax rate', id);
  if (outcome === 'in_use') throw DomainError.invalidState(`Tax rate ${id} is used by invoices, products, prices or the tax profile: archive it (active: false) instead`);
}

function requireName(name: string): string {
  const trimmed = name?.trim();
  if (!trimmed || trimmed.length > TAX_RATE_NAME_MAX_LENGTH) throw DomainError.validation('name', `must be 1 to ${TAX_RATE_NAME_MAX_LENGTH} characters`);
  return trimmed;
}

function descriptionOf(description: string | undefined): string | null {
  const trimmed = description?.trim() || null;
  if (trimmed && trimmed.length > TAX_RATE_DESCRIPTION_MAX_LENGTH) throw DomainError.validation('description', `must be at most ${TAX_RATE_DESCRIPTION_MAX_LENGTH} characters`);
  return trimmed;
}

function assertBehavior(behavior: unknown): void {
  if (behavior !== undefined && !isTaxBehavior(behavior)) throw DomainError.validation('taxBehavior', 'must be exclusive or inclusive');
}
