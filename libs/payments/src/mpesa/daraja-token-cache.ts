// Daraja OAuth tokens live ~3600 s and "each request invalidates the previous token", so one
// token per app (consumer key + host) is shared process-wide: cached until shortly before it
// expires, and fetched once even when many calls need it at the same moment.

export interface DarajaToken {
  readonly accessToken: string;
  /** Lifetime in seconds, as Daraja reports it. */
  readonly expiresInSeconds: number;
}

interface CacheEntry {
  readonly token: Promise<DarajaToken>;
  expiresAt: number;
}

/** Refresh this long before expiry, so a token never dies mid-request. */
const REFRESH_MARGIN_MS = 60_000;

export class DarajaTokenCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string, fetchToken: () => Promise<DarajaToken>): Promise<string> {
    const cached = this.entries.get(key);
    if (cached && this.now() < cached.expiresAt) return (await cached.token).accessToken;

    const entry: CacheEntry = { token: fetchToken(), expiresAt: Number.POSITIVE_INFINITY };
    this.entries.set(key, entry);
    try {
      const token = await entry.token;
      const lifetimeMs = token.expiresInSeconds * 1000;
      entry.expiresAt = this.now() + Math.max(lifetimeMs - REFRESH_MARGIN_MS, lifetimeMs / 2);
      return token.accessToken;
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  /** Drops a token the API rejected (another process may have replaced it). */
  invalidate(key: string): void {
    this.entries.delete(key);
  }
}

export const SHARED_DARAJA_TOKEN_CACHE = new DarajaTokenCache();
