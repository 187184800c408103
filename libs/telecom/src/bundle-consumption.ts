import type { BundleUsage } from '@nova/rating';

/** Bundle seconds one rating took, by bundle id. */
export type BundleConsumption = Readonly<Record<string, number>>;

/** The seconds per bundle that `after` used beyond `before`; null when the call used no bundle. */
export function consumedBetween(before: BundleUsage, after: BundleUsage): BundleConsumption | null {
  if (after === before) return null;
  let consumed: Record<string, number> | null = null;
  for (const [bundleId, seconds] of Object.entries(after)) {
    const used = seconds - (before[bundleId] ?? 0);
    if (used > 0) (consumed ??= {})[bundleId] = used;
  }
  return consumed;
}

/** `usage` with an earlier rating's consumption given back, never below zero. */
export function givenBack(usage: BundleUsage, consumption: BundleConsumption): BundleUsage {
  const restored: Record<string, number> = { ...usage };
  for (const [bundleId, seconds] of Object.entries(consumption)) {
    if (bundleId in restored) restored[bundleId] = Math.max(0, restored[bundleId]! - seconds);
  }
  return restored;
}
