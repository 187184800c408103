import { hmac, matchesHmac, safeEqual } from './hmac';

// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
const RFC4231_KEY = 'Jefe';
const RFC4231_DATA = 'what do ya want for nothing?';
const RFC4231_SHA256 = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
const RFC4231_SHA512 =
  '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737';

describe('hmac', () => {
  it('matches the RFC 4231 vectors in hex', () => {
    expect(hmac('sha256', RFC4231_KEY, RFC4231_DATA, 'hex')).toBe(RFC4231_SHA256);
    expect(hmac('sha512', RFC4231_KEY, Buffer.from(RFC4231_DATA), 'hex')).toBe(RFC4231_SHA512);
  });

  it('encodes base64 from the same digest', () => {
    expect(hmac('sha256', RFC4231_KEY, RFC4231_DATA, 'base64')).toBe(Buffer.from(RFC4231_SHA256, 'hex').toString('base64'));
  });
});

describe('safeEqual', () => {
  it('is true only for identical strings, including different lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'a')).toBe(false);
  });
});

describe('matchesHmac', () => {
  it('accepts the signature under any configured secret and accepts upper-case hex', () => {
    expect(matchesHmac(RFC4231_SHA256, RFC4231_DATA, ['old-secret', RFC4231_KEY], 'sha256', 'hex')).toBe(true);
    expect(matchesHmac(RFC4231_SHA256.toUpperCase(), RFC4231_DATA, [RFC4231_KEY], 'sha256', 'hex')).toBe(true);
  });

  it('rejects a wrong secret, a changed payload, or no secret at all', () => {
    expect(matchesHmac(RFC4231_SHA256, RFC4231_DATA, ['wrong'], 'sha256', 'hex')).toBe(false);
    expect(matchesHmac(RFC4231_SHA256, `${RFC4231_DATA} `, [RFC4231_KEY], 'sha256', 'hex')).toBe(false);
    expect(matchesHmac(RFC4231_SHA256, RFC4231_DATA, [], 'sha256', 'hex')).toBe(false);
  });
});
