// After a `jest` run: its databases are dropped, unless KEEP_TEST_DATABASES=1 (to look at them).
import { dropTestDatabases, withAdminConnection } from './test-databases';

export default async function globalTeardown(): Promise<void> {
  if (process.env.KEEP_TEST_DATABASES === '1') return;
  await withAdminConnection(dropTestDatabases);
}
