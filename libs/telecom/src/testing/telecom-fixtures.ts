// Medium-test fixtures of the telecom context: a KES rate plan, an account on a real subscription
// with one number, made through the context's own use cases.
import { randomBytes } from 'node:crypto';
import type { TenantDatabase } from '@nova/tenant-db';
import { migratedTenantDb, seedSubscription } from '../../../../test/support/migrated-tenant-db';
import { addDids } from '../use-cases/add-dids';
import { assignDid } from '../use-cases/assign-did';
import { createRatePlan, type CreateRatePlanCommand } from '../use-cases/create-rate-plan';
import { createTelecomAccount, type CreateTelecomAccountCommand } from '../use-cases/create-telecom-account';
import { listDids } from '../use-cases/list-dids';

/** A migrated tenant database for the telecom medium tests (see test/support/migrated-tenant-db.ts). */
export const telecomTestDb = migratedTenantDb;

/** Calls to 234803… cost 6 KES a started minute. */
export function kenyaPlan(name = `Retail ${randomBytes(3).toString('hex')}`): CreateRatePlanCommand {
  return {
    name,
    currency: 'KES',
    timezone: 'Africa/Nairobi',
    rounding: { method: 'half-up', decimals: 4 },
    destinations: [{ name: 'NG Mobile MTN', prefixes: ['234803'] }],
    rates: [{ id: 'mtn', destination: 'NG Mobile MTN', pricePerUnit: '6', unitSeconds: 60, initialIncrement: 60, subsequentIncrement: 60 }],
  };
}

/** A random Kenyan mobile number, as digits. */
export const randomNumber = (): string => `2547${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`;

/** A subscription with a telecom account on `planId` and one number assigned; returns the account and its number. */
export async function accountWithNumber(
  db: TenantDatabase,
  planId: string,
  account: Pick<CreateTelecomAccountCommand, 'kind' | 'lowBalanceThreshold' | 'suspendAtZero'>,
): Promise<{ accountId: string; subscriptionId: string; number: string }> {
  const { subscriptionId } = await seedSubscription(db.pool);
  const created = await createTelecomAccount(db, { subscriptionId, ratePlanId: planId, ...account });
  const number = randomNumber();
  await addDids(db, { numbers: [`+${number}`] });
  const did = (await listDids(db, { status: 'available', limit: 100 })).data.find((d) => d.number === number)!;
  await assignDid(db, { didId: did.id, accountId: created.id });
  return { accountId: created.id, subscriptionId, number };
}
