import { createHash } from 'node:crypto';

/** What an API key's secret looks like; anything else is refused without a lookup. */
export const API_KEY_PATTERN = /^sk_(live|test)_[A-Za-z0-9]{32,64}$/;

/** How the secret is stored and looked up. */
export const hashApiKey = (secret: string) => createHash('sha256').update(secret).digest('hex');
