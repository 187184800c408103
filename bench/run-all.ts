// `npm run bench`: every benchmark in sequence, each on databases of its own (BENCH_DB_PREFIX), which
// it drops when done. One at a time on purpose: they would otherwise share 2 cores and PostgreSQL.
import { spawnSync } from 'node:child_process';
import { benchApiCustomers } from './api-customers.bench';
import { benchBillingRun } from './billing-run.bench';
import { benchMigrateAllTenants } from './migrate-all-tenants.bench';
import { benchWebhookIntake } from './webhook-intake.bench';

/** The telecom benchmarks read their sizes from argv/env and run as scripts of their own. */
function runScript(file: string): void {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', file], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) throw new Error(`${file} failed (exit ${result.status})`);
}

async function runAll(): Promise<void> {
  await benchApiCustomers();
  await benchMigrateAllTenants();
  await benchBillingRun();
  await benchWebhookIntake();
  runScript('bench/rating-core.bench.ts');
  runScript('bench/cdr-pipeline.bench.ts');
  runScript('bench/upload-event-loop.bench.ts');
}

runAll().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
