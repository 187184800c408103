import { AmountConversionError, PaymentRequestError } from '../errors';
import { DarajaTokenCache } from './daraja-token-cache';
import { fromMpesaAmount, toMpesaAmount } from './mpesa-amounts';
import { normaliseKenyanPhone } from './mpesa-provider';
import { darajaTimestamp, parseDarajaTimestamp } from './mpesa-time';

describe('M-Pesa amounts', () => {
  it('sends whole shillings', () => {
    expect(toMpesaAmount(150000n, 'KES')).toBe(1500);
    expect(toMpesaAmount(100n, 'KES')).toBe(1);
  });

  it('refuses shillings with cents instead of rounding, and other currencies', () => {
    expect(() => toMpesaAmount(150050n, 'KES')).toThrow(AmountConversionError);
    expect(() => toMpesaAmount(150050n, 'KES')).toThrow(/amountMinor: 150050 cannot be expressed with 0 decimal places/);
    expect(() => toMpesaAmount(99n, 'KES')).toThrow(AmountConversionError);
    expect(() => toMpesaAmount(1000n, 'UGX')).toThrow(PaymentRequestError);
    expect(() => toMpesaAmount(0n, 'KES')).toThrow(AmountConversionError);
  });

  it('reads callback amounts sent as 1 or "1.00"', () => {
    expect(fromMpesaAmount(1)).toBe(100n);
    expect(fromMpesaAmount('1.00')).toBe(100n);
    expect(fromMpesaAmount(1500)).toBe(150000n);
    expect(() => fromMpesaAmount(undefined)).toThrow(AmountConversionError);
  });
});

describe('Daraja timestamps', () => {
  it('formats in Africa/Nairobi time (UTC+3), across a date boundary', () => {
    expect(darajaTimestamp(Date.UTC(2024, 0, 1, 21, 30, 5))).toBe('20240102003005');
    expect(darajaTimestamp(Date.UTC(2026, 11, 31, 20, 59, 59))).toBe('20261231235959');
  });

  it('parses TransactionDate values back to the same instant', () => {
    expect(parseDarajaTimestamp(20240102003005)?.toISOString()).toBe('2024-01-01T21:30:05.000Z');
    expect(parseDarajaTimestamp('2024010200300')).toBeUndefined();
    expect(parseDarajaTimestamp(undefined)).toBeUndefined();
  });
});

describe('normaliseKenyanPhone', () => {
  it.each([
    ['254712345678', '254712345678'],
    ['+254 712 345 678', '254712345678'],
    ['0712345678', '254712345678'],
    ['0112345678', '254112345678'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseKenyanPhone(input)).toBe(expected);
  });

  it('refuses non-Kenyan or missing numbers, naming the field', () => {
    expect(() => normaliseKenyanPhone('255712345678')).toThrow(/customer.phone/);
    expect(() => normaliseKenyanPhone(undefined)).toThrow(/customer.phone: is required/);
  });
});

describe('DarajaTokenCache', () => {
  let clock = 0;
  const cache = () => new DarajaTokenCache(() => clock);

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('fetches once for concurrent callers and reuses the token until shortly before expiry', async () => {
    const tokens = cache();
    let fetches = 0;
    const fetchToken = async () => ({ accessToken: `token-${++fetches}`, expiresInSeconds: 3599 });
    await expect(Promise.all([tokens.get('app', fetchToken), tokens.get('app', fetchToken)])).resolves.toEqual(['token-1', 'token-1']);
    clock += 3_000_000;
    await expect(tokens.get('app', fetchToken)).resolves.toBe('token-1');
    clock += 540_000; // 59 s before expiry: inside the refresh margin
    await expect(tokens.get('app', fetchToken)).resolves.toBe('token-2');
    expect(fetches).toBe(2);
  });

  it('refetches after invalidate and never caches a failed fetch', async () => {
    const tokens = cache();
    await tokens.get('app', async () => ({ accessToken: 'a', expiresInSeconds: 3599 }));
    tokens.invalidate('app');
    await expect(tokens.get('app', async () => ({ accessToken: 'b', expiresInSeconds: 3599 }))).resolves.toBe('b');

    await expect(tokens.get('other', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(tokens.get('other', async () => ({ accessToken: 'c', expiresInSeconds: 3599 }))).resolves.toBe('c');
  });
});
