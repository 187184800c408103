import { formatPostalAddress } from './postal-address';

describe('formatPostalAddress', () => {
  it('prints the parts in postal order, whatever order the keys come in', () => {
    // As jsonb hands it back: shortest key first.
    expect(formatPostalAddress({ city: 'Nairobi', line1: '1 Moi Ave', country: 'KE' })).toBe('1 Moi Ave, Nairobi, KE');
    expect(formatPostalAddress({ country: 'IN', postalCode: '560001', state: 'Karnataka', city: 'Bengaluru', line2: 'Floor 3', line1: '12 MG Road' })).toBe(
      '12 MG Road, Floor 3, Bengaluru, Karnataka, 560001, IN',
    );
  });

  it('keeps parts it does not know, after the known ones, and skips empty or non-text ones', () => {
    expect(formatPostalAddress({ landmark: 'Opposite the post office', city: 'Kisumu', line1: '', floor: 2 })).toBe('Kisumu, Opposite the post office');
    expect(formatPostalAddress({})).toBeNull();
    expect(formatPostalAddress(null)).toBeNull();
    expect(formatPostalAddress(['a'])).toBeNull();
  });
});
