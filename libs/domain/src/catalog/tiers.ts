// Tiered prices, as Stripe Billing has them: a price's tiers each cover quantities up to `upTo`
// (the last one without bound) with a per-unit amount and a flat amount.
// - graduated: every tier bills the units that fall in it (1–10 at one price, 11–50 at the next …),
//   plus the flat amount of each tier reached;
// - volume: the whole quantity is billed at the tier it falls in, plus that tier's flat amount.
// Amounts are integer minor units of the price's currency. A quantity of 0 reaches no tier and bills nothing
// (no flat amount either): a subscription item always has a quantity of at least 1, so this only happens to a
// preview of an item removed.

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

/** How a price bills a quantity (Stripe's billing_scheme): unitAmount × quantity, or by its tiers. */
export const BILLING_SCHEMES = ['per_unit', 'tiered'] as const;
export type BillingScheme = (typeof BILLING_SCHEMES)[number];

/** Tiers as the API takes them: upTo a whole number, or null / 'inf' on the last tier (Stripe's `up_to: 'inf'`). */
export interface TierInput {
  upTo: number | string | null;
  unitAmount?: number | bigint;
  flatAmount?: number | bigint;
}

/** Why a price's tiers are not valid (field path, e.g. `tiers[1].upTo`, and message), or null. */
export function tiersProblem(tiers: readonly TierInput[] | unknown): { field: string; message: string } | null {
  if (!Array.isArray(tiers)) return { field: 'tiers', message: 'must be an array of tiers' };
  for (const [index, tier] of tiers.entries()) {
    if (typeof tier !== 'object' || tier === null || Array.isArray(tier)) return { field: `tiers[${index}]`, message: 'must be an object with upTo, unitAmount and flatAmount' };
  }
  if (tiers.length < 2) return { field: 'tiers', message: 'a tiered price needs at least 2 tiers (one price for every quantity is a per-unit price)' };
  if (tiers.length > MAX_PRICE_TIERS) return { field: 'tiers', message: `at most ${MAX_PRICE_TIERS} tiers` };
  let previous = 0;
  for (const [index, tier] of (tiers as TierInput[]).entries()) {
    const last = index === tiers.length - 1;
    const unbounded = tier.upTo === null || tier.upTo === 'inf' || tier.upTo === undefined;
    if (last && !unbounded) return { field: `tiers[${index}].upTo`, message: "the last tier has no bound: set upTo to null or 'inf'" };
    if (!last) {
      if (unbounded || typeof tier.upTo !== 'number' || !Number.isSafeInteger(tier.upTo)) return { field: `tiers[${index}].upTo`, message: "must be a whole number (only the last tier has no bound, null or 'inf')" };
      if (tier.upTo <= previous) return { field: `tiers[${index}].upTo`, message: `must be more than ${previous}, the bound of the tier before` };
      previous = tier.upTo;
    }
    if (tier.unitAmount === undefined && tier.flatAmount === undefined) return { field: `tiers[${index}].unitAmount`, message: 'give a unitAmount, a flatAmount or both' };
    for (const key of ['unitAmount', 'flatAmount'] as const) {
      const value: unknown = tier[key] ?? 0;
      if (typeof value === 'number' ? !Number.isSafeInteger(value) : typeof value !== 'bigint') return { field: `tiers[${index}].${key}`, message: 'must be a whole number of minor units' };
      if ((value as number | bigint) < 0 || (value as number | bigint) > MAX_TIER_AMOUNT) return { field: `tiers[${index}].${key}`, message: `must be from 0 to ${MAX_TIER_AMOUNT}` };
    }
  }
  return null;
}

/** Valid tiers (tiersProblem found nothing) in the domain's shape: bigint amounts, null for the open bound. */
export function normalizeTiers(tiers: readonly TierInput[]): PriceTier[] {
  return tiers.map((tier, index) => ({
    upTo: index === tiers.length - 1 ? null : (tier.upTo as number),
    unitAmount: BigInt(tier.unitAmount ?? 0),
    flatAmount: BigInt(tier.flatAmount ?? 0),
  }));
}

/** What billing a quantity of a price needs: its scheme, and its unit amount or its tiers. */
export interface PriceScheme {
  readonly unitAmount: bigint;
  readonly billingScheme: BillingScheme;
  readonly tiersMode: TiersMode | null;
  readonly tiers: readonly PriceTier[] | null;
}

const isTiered = (price: PriceScheme): price is PriceScheme & { tiersMode: TiersMode; tiers: readonly PriceTier[] } =>
  price.billingScheme === 'tiered' && price.tiers !== null && price.tiersMode !== null;

/** What `quantity` of the price costs for one period: unitAmount × quantity, or its tiers' amount. */
export function priceAmount(price: PriceScheme, quantity: number): bigint {
  if (isTiered(price)) return tieredAmount(quantity, price.tiers, price.tiersMode);
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`quantity must be a whole number, got ${quantity}`);
  return price.unitAmount * BigInt(quantity);
}

/** One line of a period's charge for a price: `quantity` × `unitAmount` (a flat amount is a line of quantity 1). */
export interface PriceChargeLine {
  /** Null for a per-unit price; else the tier's position (0-based). */
  readonly tier: number | null;
  readonly kind: 'units' | 'flat';
  readonly quantity: number;
  readonly unitAmount: bigint;
  /** What the line says after the item's name: "" (per unit), "tier 1: units 1–5", "tier 1: flat fee". */
  readonly label: string;
}

/**
 * The lines one period of `quantity` of the price bills, like Stripe's invoice for a tiered price: a per-unit price
 * is one line; graduated tiers are one line per tier reached (its units at its unit amount) plus one line per flat
 * amount; volume tiers are one line for the whole quantity at its tier's unit amount, plus the tier's flat amount.
 * The lines' quantity × unitAmount add up to priceAmount exactly.
 */
export function priceChargeLines(price: PriceScheme, quantity: number): PriceChargeLine[] {
  if (!isTiered(price)) return [{ tier: null, kind: 'units', quantity, unitAmount: price.unitAmount, label: '' }];
  const lines: PriceChargeLine[] = [];
  for (const charge of tierCharges(quantity, price.tiers, price.tiersMode)) {
    const units = price.tiersMode === 'volume' ? `${charge.quantity} unit${charge.quantity === 1 ? '' : 's'}` : `units ${charge.firstUnit}–${charge.lastUnit}`;
    lines.push({ tier: charge.tier, kind: 'units', quantity: charge.quantity, unitAmount: charge.unitAmount, label: `tier ${charge.tier + 1}: ${units}` });
    if (charge.flatAmount !== 0n) lines.push({ tier: charge.tier, kind: 'flat', quantity: 1, unitAmount: charge.flatAmount, label: `tier ${charge.tier + 1}: flat fee` });
  }
  return lines;
}

/** The charges of each tier a quantity reaches, in tier order. */
export function tierCharges(quantity: number, tiers: readonly PriceTier[], mode: TiersMode): TierCharge[] {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`quantity must be a whole number, got ${quantity}`);
  if (quantity === 0) return [];
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

/** Tiers as a price row stores them (JSON numbers: every amount is at most MAX_TIER_AMOUNT, exact in a double). */
export function tiersToJson(tiers: readonly PriceTier[]): string {
  return JSON.stringify(tiers.map((tier) => ({ upTo: tier.upTo, unitAmount: Number(tier.unitAmount), flatAmount: Number(tier.flatAmount) })));
}

/** A price row's tiers column back in the domain's shape (null for a per-unit price). */
export function tiersFromJson(value: unknown): PriceTier[] | null {
  if (!Array.isArray(value)) return null;
  return value.map((tier: { upTo: number | null; unitAmount: number | string; flatAmount: number | string }) => ({
    upTo: tier.upTo ?? null,
    unitAmount: BigInt(tier.unitAmount ?? 0),
    flatAmount: BigInt(tier.flatAmount ?? 0),
  }));
}
