// The driver adapter the Prisma CLI uses (see prisma/<db>/prisma.config.ts).
//
// Prisma 6.19's schema engine introspects PostgreSQL through @prisma/adapter-pg, and that adapter
// rejects two catalog column types its queries return: `name` and `"char"` ("Column type 'name'
// could not be deserialized"). Both travel as plain text in the text protocol, so we report them
// to the adapter as `text`. Without this, `prisma db pull` — and therefore the schema check of
// libs/migrator/src/prisma-cli.ts — fails on every database.
import pg from 'pg';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

const TEXT_OID = 25;
const CATALOG_TEXT_OIDS = new Set([18 /* "char" */, 19 /* name */]);

function reportCatalogTypesAsText<T>(result: T): T {
  for (const part of [result].flat() as Array<Partial<pg.QueryResult> | undefined>) {
    for (const field of part?.fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

class CatalogTextClient extends pg.Client {
  // pg's query() has a dozen overloads (promise, callback, submittable); this wrapper forwards
  // every form untouched and only rewrites the field descriptions of the result.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const callback: unknown = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: Error | null, result: unknown) =>
        callback(error, error ? result : reportCatalogTypesAsText(result));
    }
    const returned: unknown = pg.Client.prototype.query.apply(this, args as Parameters<pg.Client['query']>);
    return returned instanceof Promise ? returned.then(reportCatalogTypesAsText) : returned;
  }
}

export function prismaCliAdapter(connectionString: string): PrismaPg {
  // allowExitOnIdle: the CLI never closes the adapter, so otherwise every command lingers for the
  // pool's 10 s idle timeout after it has finished.
  const pool = new pg.Pool({ connectionString, Client: CatalogTextClient, max: 2, allowExitOnIdle: true });
  return new PrismaPg(pool, { disposeExternalPool: true });
}

/**
 * The Prisma CLI configuration of one of our two databases (prisma/<folder>/prisma.config.ts).
 * `engine: 'js'` + a driver adapter keep the CLI offline: it never downloads a native engine. The
 * CLI connects only to read (`db pull`, `migrate diff`, `migrate status`); libs/migrator applies
 * migrations. `urlVariable` is the variable the schema's datasource names; the CLI itself connects
 * to PRISMA_CLI_DATABASE_URL when set.
 */
export function databaseCliConfig(folder: string, urlVariable: string) {
  // The schema's `env(...)` must resolve even when nothing is configured (generate needs no server).
  process.env[urlVariable] ??= 'postgresql://postgres@127.0.0.1:5432/postgres';
  return defineConfig({
    experimental: { adapter: true },
    engine: 'js',
    schema: path.join(folder, 'schema.prisma'),
    migrations: { path: path.join(folder, 'migrations') },
    async adapter() {
      return prismaCliAdapter(process.env.PRISMA_CLI_DATABASE_URL ?? process.env[urlVariable]!);
    },
  });
}
