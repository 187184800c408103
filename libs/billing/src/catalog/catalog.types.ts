// The catalogue's records as its use cases return them (one row each, camelCase).
import type { BillingScheme, CouponDuration, Interval, PriceTier, TiersMode } from '@nova/domain';

export interface ProductRecord {
  id: string;
  name: string;
  description: string | null;
  active: boolean;
  metadata: Record<string, unknown>;
  /** HSN/SAC (or the tenant's own) tax code of the product's lines. */
  taxCode: string | null;
  /** The tax rate of its prices' lines unless a price names its own. */
  taxRateId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlanRecord {
  id: string;
  /** The tenant's stable identifier, unique. */
  code: string;
  name: string;
  description: string | null;
  productId: string | null;
  trialDays: number;
  active: boolean;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** Prices are immutable once created (invoices point at them); a change is a new price. */
export interface PriceRecord {
  id: string;
  planId: string;
  currency: string;
  /** Minor units per period and unit (0 for a tiered price: its tiers say what a quantity costs). */
  unitAmount: bigint;
  /** per_unit: unitAmount × quantity; tiered: by its tiers (graduated or volume). */
  billingScheme: BillingScheme;
  tiersMode: TiersMode | null;
  tiers: PriceTier[] | null;
  interval: Interval;
  intervalCount: number;
  nickname: string | null;
  active: boolean;
  metadata: Record<string, unknown>;
  /** Overrides the product's tax code. */
  taxCode: string | null;
  /** Overrides the product's tax rate. */
  taxRateId: string | null;
  createdAt: Date;
}

export interface PlanWithPrices extends PlanRecord {
  /** Oldest first. */
  prices: PriceRecord[];
}

export interface CouponRecord {
  id: string;
  code: string;
  name: string | null;
  /** Set for a percentage off (12.5 % = 1250), else null. */
  percentOffBasisPoints: number | null;
  /** Set for an amount off, in minor units of `currency`, else null. */
  amountOff: bigint | null;
  currency: string | null;
  duration: CouponDuration;
  durationInMonths: number | null;
  maxRedemptions: number | null;
  timesRedeemed: number;
  redeemBy: Date | null;
  active: boolean;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** A coupon applied to one subscription, or to a customer (its subscriptions without a discount of their own). */
export interface DiscountRecord {
  id: string;
  couponId: string;
  subscriptionId: string | null;
  customerId: string | null;
  start: Date;
  invoicesDiscounted: number;
  endedAt: Date | null;
  createdAt: Date;
}
