import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A throwaway database, for tests and for generating migrations. */
export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

const SAFE_PREFIX = /^[a-z][a-z0-9_]*$/;

/**
 * Creates an empty database named `<prefix><random>` on the server `serverUrl` points at
 * (any database there that we may connect to, e.g. `postgres`).
 */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  if (!SAFE_PREFIX.test(prefix)) throw new Error(`prefix must match ${SAFE_PREFIX}, got "${prefix}"`);
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE: a test that failed half-way may have left a connection open.
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client(serverUrl);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
