import { isPublicAddress, resolvedAddressesProblem, webhookUrlProblem } from './url-policy';

const PRODUCTION = { allowPrivate: false };

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['104.16.0.1', true],
    ['2606:4700::6810:84e5', true],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.1.10', false],
    ['127.0.0.1', false],
    ['127.255.0.9', false],
    ['0.0.0.0', false],
    ['169.254.169.254', false], // cloud metadata
    ['100.64.0.1', false], // CGNAT
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd12:3456::1', false], // ULA
    ['fc00::1', false],
    ['::ffff:127.0.0.1', false], // IPv4-mapped loopback
    ['::ffff:7f00:1', false], // the same, as the URL parser writes it
    ['::ffff:8.8.8.8', false], // mapped addresses are refused whatever they map
    ['64:ff9b::a00:1', false], // NAT64 of 10.0.0.1
    ['2002:c0a8:101::1', false], // 6to4 of 192.168.1.1
    ['[::1]', false],
    ['not-an-ip', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('webhookUrlProblem', () => {
  it('accepts public https and http URLs', () => {
    expect(webhookUrlProblem('https://hooks.example.com/nova', PRODUCTION)).toBeNull();
    expect(webhookUrlProblem('http://203.0.114.7:8080/in', PRODUCTION)).toBeNull();
    expect(webhookUrlProblem('https://[2606:4700::6810:84e5]/x', PRODUCTION)).toBeNull();
  });

  it.each([
    ['ftp://example.com/x', 'must be an http(s) URL'],
    ['not a url', 'must be an absolute http(s) URL'],
    ['https://user:pw@example.com/', 'must not carry credentials'],
    ['http://127.0.0.1:3000/hook', 'must point to a public address'],
    ['http://2130706433/', 'must point to a public address'], // 127.0.0.1 as one number
    ['http://0x7f.1/', 'must point to a public address'],
    ['http://[::1]/', 'must point to a public address'],
    ['http://[::ffff:127.0.0.1]/', 'must point to a public address'],
    ['http://[fd00::5]/', 'must point to a public address'],
    ['http://169.254.169.254/latest/meta-data', 'must point to a public address'],
    ['http://localhost:8080/', 'must name a public host'],
    ['http://api.localhost/', 'must name a public host'],
    ['http://metadata.internal/', 'must name a public host'],
    ['http://intranet/', 'must name a public host'],
  ])('refuses %s', (url, problem) => {
    expect(webhookUrlProblem(url, PRODUCTION)).toContain(problem);
  });

  it('accepts private hosts when the installation allows them (tests, a local receiver), never other schemes', () => {
    expect(webhookUrlProblem('http://127.0.0.1:3000/hook', { allowPrivate: true })).toBeNull();
    expect(webhookUrlProblem('file:///etc/passwd', { allowPrivate: true })).toBe('must be an http(s) URL');
  });
});

describe('resolvedAddressesProblem (checked after DNS, before connecting)', () => {
  it('passes a name whose every address is public', () => {
    expect(resolvedAddressesProblem(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'], PRODUCTION)).toBeNull();
  });

  it('refuses a name with one private address among public ones (rebinding), naming it', () => {
    expect(resolvedAddressesProblem(['93.184.216.34', '10.0.0.7'], PRODUCTION)).toBe('the host resolves to a non-public address (10.0.0.7)');
    expect(resolvedAddressesProblem(['::ffff:192.168.0.1'], PRODUCTION)).toContain('::ffff:192.168.0.1');
  });

  it('refuses a name without addresses, and allows private ones only when configured', () => {
    expect(resolvedAddressesProblem([], PRODUCTION)).toBe('the host has no address');
    expect(resolvedAddressesProblem(['127.0.0.1'], { allowPrivate: true })).toBeNull();
  });
});
