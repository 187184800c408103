import { DomainError } from '@nova/domain';
import { normalizeNumber } from '@nova/rating';
import type { TenantDatabase } from '@nova/tenant-db';
import { insertDids } from '../dids.repository';

/** Adds numbers to the inventory as digits (the form CDRs are matched in); numbers already there are skipped. */
export async function addDids(db: TenantDatabase, { numbers }: { numbers: readonly string[] }): Promise<{ added: number; existing: number }> {
  const digits = numbers.map((raw, index) => {
    const normalized = normalizeNumber(raw);
    if (normalized === null) throw DomainError.validation(`numbers[${index}]`, `"${raw}" is not a phone number`);
    return normalized;
  });
  const added = await insertDids(db.pool, digits);
  return { added, existing: digits.length - added };
}
