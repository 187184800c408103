// A direct connection to one tenant's database, for tests that look at (or stage) rows the API
// does not expose. The caller ends it.
import { Client } from 'pg';
import { CENTRAL_TEST_DB, PG_SERVER_URL } from './test-env';

export async function connectTenantDb(tenantId: string, centralUrl = `${PG_SERVER_URL}/${CENTRAL_TEST_DB}`): Promise<Client> {
  const central = new Client({ connectionString: centralUrl });
  await central.connect();
  try {
    const { rows } = await central.query<{ db_name: string }>('SELECT db_name FROM tenants WHERE id = $1', [tenantId]);
    if (!rows[0]) throw new Error(`no tenant ${tenantId}`);
    const tenantDb = new Client({ connectionString: `${PG_SERVER_URL}/${rows[0].db_name}` });
    await tenantDb.connect();
    return tenantDb;
  } finally {
    await central.end();
  }
}
