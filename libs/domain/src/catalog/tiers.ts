// Tiered prices, as Stripe Billing has them: a price's tiers each cover quantities up to `upTo`
// (the last one without bound) with a per-unit amount and a flat amount.
// - graduated: every tier bills the units that fall in it (1–10 at one price, 11–50 at the next …),
//   plus the flat amount of each tier reached;
// - volume: the whole quantity is billed at the tier it falls in, plus that tier's flat amount.
// Amounts are integer minor units of the price's currency.

export const TIERS_MODES = ['graduated', 'volume'] as const;
export type TiersMode = (typeof TIERS_MODES)[number];

/** Tiers on one price; Stripe allows 250, a price table a person reads needs far fewer. */
export const MAX_PRICE_TIERS = 25;
/** Per-unit and flat amounts, in minor units (the API's integer range stays exact in JSON). */
export const MAX_TIER_AMOUNT = 1_000_000_000_000;

export interface PriceTier {
  /** The last quantity this tier covers; null on the last tier (no bound). */
  upTo: number | null;
  unitAmount: bigint;
  flatAmount: bigint;
}

/** What one tier bills for a quantity. */
export interface TierCharge {
  /** 0-based position of the tier. */
  tier: number;
  /** The first and last unit of the quantity this tier bills (1-based, inclusive). */
  firstUnit: number;
  lastUnit: number;
  /** Units billed at unitAmount: lastUnit − firstUnit + 1 (graduated) or the whole quantity (volume). */
  quantity: number;
  unitAmount: bigint;
  flatAmount: bigint;
  /** quantity × unitAmount + flatAmount. */
  amount: bigint;
}

/** Why a price's tiers are not valid (field path and message), or null. */
export function tiersProblem(tiers: readonly { upTo: number | null; unitAmount: number | bigint; flatAmount?: number | bigint }[]): { field: string; message: string } | null {
  if (tiers.length < 2) return { field: 'tiers', message: 'a tiered price needs at least 2 tiers (one price for every quantity is a per-unit price)' };
  if (tiers.length > MAX_PRICE_TIERS) return { field: 'tiers', message: `at most ${MAX_PRICE_TIERS} tiers` };
  let previous = 0;
  for (const [index, tier] of tiers.entries()) {
    const last = index === tiers.length - 1;
    if (last && tier.upTo !== null) return { field: `tiers.${index}.upTo`, message: 'the last tier has no bound: set upTo to null' };
    if (!last) {
      if (tier.upTo === null || !Number.isInteger(tier.upTo)) return { field: `tiers.${index}.upTo`, message: 'must be a whole number (only the last tier has no bound)' };
      if (tier.upTo <= previous) return { field: `tiers.${index}.upTo`, message: `must be more than ${previous}, the bound of the tier before` };
      previous = tier.upTo;
    }
    for (const key of ['unitAmount', 'flatAmount'] as const) {
      const value = tier[key] ?? 0;
      if (typeof value === 'number' ? !Number.isSafeInteger(value) : typeof value !== 'bigint') return { field: `tiers.${index}.${key}`, message: 'must be a whole number of minor units' };
      if (value < 0 || value > MAX_TIER_AMOUNT) return { field: `tiers.${index}.${key}`, message: `must be from 0 to ${MAX_TIER_AMOUNT}` };
    }
  }
  return null;
}

/** The charges of each tier a quantity reaches, in tier order. */
export function tierCharges(quantity: number, tiers: readonly PriceTier[], mode: TiersMode): TierCharge[] {
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError(`quantity must be a whole number of at least 1, got ${quantity}`);
  if (mode === 'volume') {
    const index = tiers.findIndex((tier) => tier.upTo === null || quantity <= tier.upTo);
    const tier = tiers[index]!;
    return [charge(index, tier, 1, quantity)];
  }
  const charges: TierCharge[] = [];
  let firstUnit = 1;
  for (const [index, tier] of tiers.entries()) {
    const lastUnit = tier.upTo === null ? quantity : Math.min(tier.upTo, quantity);
    charges.push(charge(index, tier, firstUnit, lastUnit));
    if (lastUnit === quantity) break;
    firstUnit = lastUnit + 1;
  }
  return charges;
}

/** The whole amount a quantity costs at these tiers. */
export function tieredAmount(quantity: number, tiers: readonly PriceTier[], mode: TiersMode): bigint {
  return tierCharges(quantity, tiers, mode).reduce((sum, tierCharge) => sum + tierCharge.amount, 0n);
}

function charge(index: number, tier: PriceTier, firstUnit: number, lastUnit: number): TierCharge {
  const quantity = lastUnit - firstUnit + 1;
  return { tier: index, firstUnit, lastUnit, quantity, unitAmount: tier.unitAmount, flatAmount: tier.flatAmount, amount: BigInt(quantity) * tier.unitAmount + tier.flatAmount };
}
