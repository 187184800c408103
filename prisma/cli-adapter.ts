// The driver adapter the Prisma CLI uses (see prisma/<db>/prisma.config.ts).
//
// Prisma 6.19's schema engine introspects PostgreSQL through @prisma/adapter-pg, and that adapter
// rejects two catalog column types its queries return: `name` and `"char"` ("Column type 'name'
// could not be deserialized"). Both travel as plain text in the text protocol, so we report them
// to the adapter as `text`. Without this, `prisma db pull` — and therefore the schema check of
// libs/migrator/src/prisma-cli.ts — fails on every database.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

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
