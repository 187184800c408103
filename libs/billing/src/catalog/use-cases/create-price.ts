import { DomainError, intervalCountProblem, Interval } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { insertPrice, planExists } from '../catalog.repository';
import type { PriceRecord } from '../catalog.types';

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
}

export async function createPrice(db: TenantDatabase, command: CreatePriceCommand): Promise<PriceRecord> {
  if (!(await planExists(db.pool, command.planId))) throw DomainError.notFound('Plan', command.planId);
  const intervalCount = command.intervalCount ?? 1;
  const problem = intervalCountProblem(command.interval, intervalCount);
  if (problem) throw DomainError.validation('intervalCount', problem);
  return insertPrice(db.pool, { ...command, intervalCount });
}
