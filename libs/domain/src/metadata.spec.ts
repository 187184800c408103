import { METADATA_LIMITS, mergeMetadata, metadataProblem } from './metadata';

describe('metadata', () => {
  it('merges an update: keys given are set, an empty string removes a key, others stay', () => {
    expect(mergeMetadata({ plan: 'gold', region: 'KE', seats: 5 }, { region: 'NG', seats: '', vip: true })).toEqual({ plan: 'gold', region: 'NG', vip: true });
    expect(mergeMetadata({ a: 'x' }, {})).toEqual({ a: 'x' });
    expect(mergeMetadata({}, { gone: '' })).toEqual({});
  });

  it('keeps the merged result within the limits and names the field', () => {
    const full = Object.fromEntries(Array.from({ length: METADATA_LIMITS.keys }, (_, i) => [`k${i}`, i]));
    expect(() => mergeMetadata(full, { one: 'more' })).toThrow('metadata: must have at most 50 keys once merged with the stored keys');
    expect(mergeMetadata(full, { k0: '', one: 'more' })).toMatchObject({ one: 'more' });
    expect(() => mergeMetadata({}, { nested: { no: 1 } })).toThrow(/^metadata: values must be strings, numbers or booleans/);
  });

  it('bounds keys and values like Stripe', () => {
    expect(metadataProblem({ ['k'.repeat(41)]: 'v' })).toMatch(/keys must be 1 to 40 characters/);
    expect(metadataProblem({ k: 'v'.repeat(501) })).toMatch(/at most 500 characters/);
    expect(metadataProblem([])).toBe('must be an object');
    expect(metadataProblem({ ok: 'v'.repeat(500), n: 1, b: false })).toBeNull();
  });
});
