// Where webhooks may be delivered (SSRF protection): only http(s) URLs whose host is a public
// address. Checked at create time on the URL as written (IP literals, localhost names) and again at
// delivery time on every address the host resolves to, the connection then going to an address
// that passed, so a name re-pointed at a private address after the check is never followed.
import { BlockList, isIP } from 'node:net';

/** Ranges no webhook goes to: private, loopback, link-local, unique-local, shared, reserved, multicast. */
// Two lists: node's BlockList matches an IPv4 address against IPv6 rules in IPv4-mapped form, so
// one list with ::ffff:0:0/96 in it would refuse every IPv4 address.
const NON_PUBLIC_V4 = new BlockList();
const NON_PUBLIC_V6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 reaches the host itself
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) NON_PUBLIC_V4.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::ffff:0:0', 96], // IPv4-mapped: would reach an IPv4 address without its check
  ['64:ff9b::', 96], // NAT64, same
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4, embeds an IPv4 address
  ['fc00::', 7], // unique local (ULA)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) NON_PUBLIC_V6.addSubnet(network, prefix, 'ipv6');

/** Host names that always mean this machine or its private network, whatever DNS says. */
const LOCAL_NAME = /(^|\.)(localhost|localdomain|local|internal|home\.arpa)$/i;

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Whether `address` (an IPv4 or IPv6 literal) is a public unicast address. Anything else is not. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return false;
  return family === 4 ? !NON_PUBLIC_V4.check(bare, 'ipv4') : !NON_PUBLIC_V6.check(bare, 'ipv6');
}

export interface UrlPolicy {
  /** WEBHOOK_ALLOW_PRIVATE_URLS: accept private and loopback hosts (tests, a local receiver). */
  readonly allowPrivate: boolean;
}

/**
 * Why `url` cannot be a webhook endpoint, as a phrase after the field name, or null. Unless private
 * hosts are allowed, an IP literal must be public and a name must not be a local one; names are
 * resolved (and their addresses checked) at each delivery.
 */
export function webhookUrlProblem(url: string, policy: UrlPolicy): string | null {
  if (url.length > MAX_WEBHOOK_URL_LENGTH) return `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an http(s) URL';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  if (parsed.hash) return 'must not have a fragment';
  if (policy.allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return isPublicAddress(host) ? null : 'must point to a public address (private, loopback, link-local and unique-local ranges are refused)';
  if (LOCAL_NAME.test(host.replace(/\.$/, '')) || !host.includes('.')) return 'must name a public host';
  return null;
}

/**
 * Why a delivery must not connect to the addresses its host resolved to, or null. Every address must
 * be public: a name that answers with one private address among public ones (DNS rebinding) is refused.
 */
export function resolvedAddressesProblem(addresses: readonly string[], policy: UrlPolicy): string | null {
  if (addresses.length === 0) return 'the host has no address';
  if (policy.allowPrivate) return null;
  const refused = addresses.find((address) => !isPublicAddress(address));
  return refused === undefined ? null : `the host resolves to a non-public address (${refused})`;
}
