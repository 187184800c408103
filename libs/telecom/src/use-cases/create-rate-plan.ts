import { randomUUID } from 'node:crypto';
import { inTransaction } from '@nova/common';
import type { DestinationData, RateData } from '@nova/rating';
import type { TenantDatabase } from '@nova/tenant-db';
import { assertCompiles } from '../plan-errors';
import { findRatePlan, insertRatePlan, type RatePlanSettings, replacePlanRows, type StoredRatePlan } from '../rate-plans.repository';

export interface CreateRatePlanCommand extends Pick<RatePlanSettings, 'name' | 'currency' | 'timezone' | 'rounding'> {
  timings?: RatePlanSettings['timings'];
  bundles?: RatePlanSettings['bundles'];
  destinations?: DestinationData[];
  rates?: RateData[];
}

/** Creates a plan that compiles (every bad field is named at once); a name in use is a 409 on `name`. */
export async function createRatePlan(db: TenantDatabase, command: CreateRatePlanCommand): Promise<StoredRatePlan> {
  const id = randomUUID();
  const settings: RatePlanSettings = { name: command.name, currency: command.currency, timezone: command.timezone, rounding: command.rounding, timings: command.timings ?? [], bundles: command.bundles ?? [] };
  const destinations = command.destinations ?? [];
  const rates = command.rates ?? [];
  assertCompiles({ id, ...settings, destinations, rates });
  return inTransaction(db.pool, async (client) => {
    await insertRatePlan(client, id, settings);
    await replacePlanRows(client, id, destinations, rates);
    return (await findRatePlan(client, id))!;
  });
}
