// Free-form `metadata` on billing objects, as Stripe has it: flat key-value pairs within fixed
// bounds, defined once (the API's DTOs validate with metadataProblem, the update use cases merge
// with mergeMetadata). An update merges: keys given are set, a key given an empty string is
// removed, keys not given stay.
import { DomainValidationError } from './errors';

export type Metadata = Record<string, string | number | boolean>;

/** Bounds of a metadata object. */
export const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 } as const;

/** What is wrong with a metadata object (flat: string, number or boolean values), or null. */
export function metadataProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  const entries = Object.entries(value);
  if (entries.length > METADATA_LIMITS.keys) return `must have at most ${METADATA_LIMITS.keys} keys`;
  for (const [key, item] of entries) {
    if (key.length === 0 || key.length > METADATA_LIMITS.keyLength) return `keys must be 1 to ${METADATA_LIMITS.keyLength} characters (${key.slice(0, 50)})`;
    if (typeof item === 'string') {
      if (item.length > METADATA_LIMITS.valueLength) return `values must be at most ${METADATA_LIMITS.valueLength} characters (${key})`;
    } else if (typeof item !== 'number' && typeof item !== 'boolean') {
      return `values must be strings, numbers or booleans, not nested (${key})`;
    }
  }
  return null;
}

/**
 * The metadata after an update: `patch`'s keys set over `current`, those with an empty string
 * removed. The result must stay within METADATA_LIMITS (a 400 on `metadata` otherwise).
 */
export function mergeMetadata(current: Record<string, unknown>, patch: Record<string, unknown>): Metadata {
  const patchProblem = metadataProblem(patch);
  if (patchProblem) throw new DomainValidationError('metadata', patchProblem);
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  const mergedProblem = metadataProblem(merged);
  if (mergedProblem) throw new DomainValidationError('metadata', `${mergedProblem} once merged with the stored keys`);
  return merged as Metadata;
}
