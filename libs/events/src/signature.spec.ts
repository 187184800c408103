import { computeSignature, signatureHeader, verifySignature } from './signature';

describe('webhook signatures', () => {
  const body = '{"id":"evt_1","object":"event","type":"invoice.paid"}';
  const t = 1_767_225_600; // 2026-01-01T00:00:00Z
  const at = (seconds: number) => new Date(seconds * 1000);

  it('is hex HMAC-SHA256 of "<t>.<body>" (a value computed independently with openssl)', () => {
    // printf '%s' '1767225600.{"id":"evt_1","object":"event","type":"invoice.paid"}' | openssl dgst -sha256 -hmac whsec_test
    expect(computeSignature('whsec_test', t, body)).toBe('e147c3116c50446d8084ac3f7adad67725884a8dd2d649376c73e410982246f5');
    expect(computeSignature('whsec_test', t, body)).not.toBe(computeSignature('whsec_other', t, body));
    expect(computeSignature('whsec_test', t, body)).not.toBe(computeSignature('whsec_test', t + 1, body));
  });

  it('has t= and one v1= per secret, current first', () => {
    const header = signatureHeader(['whsec_new', 'whsec_old'], t, body);
    expect(header).toBe(`t=${t},v1=${computeSignature('whsec_new', t, body)},v1=${computeSignature('whsec_old', t, body)}`);
  });

  it('verifies with either secret during an overlap, and not with another one', () => {
    const header = signatureHeader(['whsec_new', 'whsec_old'], t, body);
    expect(verifySignature(header, body, 'whsec_new', { now: at(t + 10) })).toBe(true);
    expect(verifySignature(header, body, 'whsec_old', { now: at(t + 10) })).toBe(true);
    expect(verifySignature(header, body, 'whsec_wrong', { now: at(t + 10) })).toBe(false);
  });

  it('refuses a changed body, a stale or future timestamp beyond 5 minutes, and junk', () => {
    const header = signatureHeader(['whsec_a'], t, body);
    expect(verifySignature(header, body.replace('paid', 'void'), 'whsec_a', { now: at(t) })).toBe(false);
    expect(verifySignature(header, body, 'whsec_a', { now: at(t + 300) })).toBe(true);
    expect(verifySignature(header, body, 'whsec_a', { now: at(t + 301) })).toBe(false);
    expect(verifySignature(header, body, 'whsec_a', { now: at(t - 301) })).toBe(false);
    expect(verifySignature('v1=abc', body, 'whsec_a', { now: at(t) })).toBe(false);
    expect(verifySignature(`t=${t},v1=zz`, body, 'whsec_a', { now: at(t) })).toBe(false);
  });
});
