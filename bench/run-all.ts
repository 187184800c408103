// `npm run bench`: the benchmarks in sequence, each on its own nbbench_ databases (BENCH_DB_PREFIX), which it
// drops when done. One at a time on purpose: they would otherwise share 2 cores and PostgreSQL.
import { benchApiCustomers } from './api-customers.bench';
import { benchBillingRun } from './billing-run.bench';
import { benchMigrateAllTenants } from './migrate-all-tenants.bench';
import { benchWebhookIntake } from './webhook-intake.bench';

async function runAll(): Promise<void> {
  await benchApiCustomers();
  await benchMigrateAllTenants();
  await benchBillingRun();
  await benchWebhookIntake();
}

runAll().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
