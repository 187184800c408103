import { DomainError, taxCodeProblem } from '@nova/domain';
import type { TaxSettingFields } from '../catalog.repository';

/** A product's or price's tax code, checked before it is stored (the rate is checked by its foreign key). */
export function assertTaxSettings(fields: TaxSettingFields): void {
  if (fields.taxCode === undefined) return;
  const problem = taxCodeProblem(fields.taxCode);
  if (problem) throw DomainError.validation('taxCode', problem);
}
