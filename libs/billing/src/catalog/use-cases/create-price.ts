import { DomainError, intervalCountProblem, Interval } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { insertPrice, planExists } from '../catalog.repository';
import type { PriceRecord } from '../catalog.types';
import { assertTaxSettings } from './tax-settings';

export interface CreatePriceCommand {
  planId: string;
  currency: string;
  /** Minor units per period. */
  unitAmount: bigint;
  interval: Interval;
  /** Periods per invoice; defaults to 1, at most MAX_INTERVAL_COUNT[interval]. */
  intervalCount?: number;
  nickname?: string;
  metadata?: Record<string, unknown>;
  /** HSN/SAC code; the product's when omitted. */
  taxCode?: string;
  /** The rate its lines are taxed at; the product's when omitted. */
  taxRateId?: string;
}

export async function createPrice(db: TenantDatabase, command: CreatePriceCommand): Promise<PriceRecord> {
  assertTaxSettings(command);
  if (!(await planExists(db.pool, command.planId))) throw DomainError.notFound('Plan', command.planId);
  const intervalCount = command.intervalCount ?? 1;
  const problem = intervalCountProblem(command.interval, intervalCount);
  if (problem) throw DomainError.validation('intervalCount', problem);
  return insertPrice(db.pool, { ...command, intervalCount });
}
