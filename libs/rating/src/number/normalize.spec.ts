import { normalizeNumber } from './normalize';

describe('normalizeNumber', () => {
  it.each([
    ['+234 803 123 4567', '2348031234567'],
    ['0023480312345', '23480312345'],
    ['23480312345', '23480312345'],
    ['+00234-803', '234803'],
    ['  +44 20 7946 0000 ', '442079460000'],
    ['0803', '0803'], // a single leading 0 is a national trunk prefix, not an access code
  ])('reads %j as %j', (raw, digits) => {
    expect(normalizeNumber(raw)).toBe(digits);
  });

  it.each(['', '+', '   ', '234*803', '++234', 'abc', '00'])('rejects %j', (raw) => {
    expect(normalizeNumber(raw)).toBeNull();
  });
});
