import { existsSync } from 'node:fs';
import { config } from 'dotenv';

/** Loads `.env` from the working directory when there is one; real environment variables win. */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) config({ path, quiet: true });
}
