import { BILLING_SCHEMES, type BillingScheme, DomainError, intervalCountProblem, Interval, normalizeTiers, TIERS_MODES, type TierInput, type TiersMode, tiersProblem } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { insertPrice, planExists } from '../catalog.repository';
import type { PriceRecord } from '../catalog.types';
import { assertTaxSettings } from './tax-settings';

export interface CreatePriceCommand {
  planId: string;
  currency: string;
  /** Minor units per period and unit; required for a per-unit price, not given for a tiered one. */
  unitAmount?: bigint;
  interval: Interval;
  /** Periods per invoice; defaults to 1, at most MAX_INTERVAL_COUNT[interval]. */
  intervalCount?: number;
  nickname?: string;
  metadata?: Record<string, unknown>;
  /** HSN/SAC code; the product's when omitted. */
  taxCode?: string;
  /** The rate its lines are taxed at; the product's when omitted. */
  taxRateId?: string;
  /** per_unit (default) or tiered (Stripe's billing_scheme). */
  billingScheme?: string;
  /** A tiered price's mode: graduated or volume. */
  tiersMode?: string;
  /** A tiered price's tiers, ascending, the last one without bound (upTo null or 'inf'). */
  tiers?: readonly TierInput[] | unknown;
}

/** The price's scheme, checked: a per-unit price has a unitAmount and no tiers, a tiered one a mode and valid tiers. */
function pricingOf(command: CreatePriceCommand): { billingScheme: BillingScheme; unitAmount: bigint; tiersMode: TiersMode | null; tiers: ReturnType<typeof normalizeTiers> | null } {
  const billingScheme = (command.billingScheme ?? 'per_unit') as BillingScheme;
  if (!(BILLING_SCHEMES as readonly string[]).includes(billingScheme)) throw DomainError.validation('billingScheme', `must be one of ${BILLING_SCHEMES.join(', ')}`);
  if (billingScheme === 'per_unit') {
    if (command.unitAmount === undefined) throw DomainError.validation('unitAmount', 'a per-unit price needs a unitAmount (or set billingScheme tiered with tiers)');
    if (command.tiers !== undefined) throw DomainError.validation('tiers', 'only a tiered price has tiers: set billingScheme to tiered');
    if (command.tiersMode !== undefined) throw DomainError.validation('tiersMode', 'only a tiered price has a tiers mode: set billingScheme to tiered');
    return { billingScheme, unitAmount: command.unitAmount, tiersMode: null, tiers: null };
  }
  if (command.unitAmount !== undefined) throw DomainError.validation('unitAmount', 'a tiered price has no unitAmount: its tiers give each unit amount');
  if (command.tiersMode === undefined || !(TIERS_MODES as readonly string[]).includes(command.tiersMode)) throw DomainError.validation('tiersMode', `a tiered price needs tiersMode, one of ${TIERS_MODES.join(', ')}`);
  if (command.tiers === undefined) throw DomainError.validation('tiers', 'a tiered price needs tiers');
  const problem = tiersProblem(command.tiers);
  if (problem) throw DomainError.validation(problem.field, problem.message);
  return { billingScheme, unitAmount: 0n, tiersMode: command.tiersMode as TiersMode, tiers: normalizeTiers(command.tiers as TierInput[]) };
}

export async function createPrice(db: TenantDatabase, command: CreatePriceCommand): Promise<PriceRecord> {
  assertTaxSettings(command);
  const pricing = pricingOf(command);
  if (!(await planExists(db.pool, command.planId))) throw DomainError.notFound('Plan', command.planId);
  const intervalCount = command.intervalCount ?? 1;
  const problem = intervalCountProblem(command.interval, intervalCount);
  if (problem) throw DomainError.validation('intervalCount', problem);
  return insertPrice(db.pool, { ...command, ...pricing, intervalCount });
}
