// Proves that `npm run lint:deps` fails on each kind of violation: runs the real CLI with the real
// .dependency-cruiser.cjs on a throwaway repository in which every file but the allowed ones breaks one rule.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'fixture', dependencies: { '@nestjs/common': '*' }, devDependencies: { supertest: '*' } }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@nova/domain': ['libs/domain/src'], '@nova/billing': ['libs/billing/src'] } } }),
  'apps/api/src/main.ts': 'export const api = 1;\n',
  'apps/worker/src/main.ts': 'export const worker = 1;\n',
  'libs/domain/src/index.ts': 'export const domain = 1;\n',
  'libs/billing/src/index.ts': "export * from './internal';\n",
  'libs/billing/src/internal.ts': 'export const billing = 1;\n',
  'test/support/helper.ts': 'export const helper = 1;\n',
  'libs/billing/src/invoicing/index.ts': "export * from './invoices.repository';\n",
  'libs/billing/src/invoicing/invoices.repository.ts': 'export const invoices = 1;\n',
  'libs/billing/src/customers/index.ts': 'export const customers = 1;\n',
  'libs/billing/src/collection/index.ts': 'export const collection = 1;\n',
  'libs/billing/src/billing-cycle/index.ts': 'export const cycle = 1;\n',
  // Allowed:
  'libs/billing/src/collection/pays-invoices.ts': "import '../invoicing';\nimport '../customers';\n",
  'libs/billing/src/billing-cycle/orchestrates.ts': "import '../invoicing';\nimport '../collection';\nimport '../customers';\n",
  'libs/billing/src/billing.module.ts': "import './invoicing';\nimport './collection';\n",
  'libs/rating/src/index.ts': "import '@nova/domain';\n",
  'libs/billing/src/internal.spec.ts': "import 'supertest';\nimport '../../../test/support/helper';\n",
  'apps/api/src/uses-billing.ts': "import '@nova/billing';\n",
  'libs/rating/src/testing/reference/naive-rater.ts': 'export const rater = 1;\n',
  'bench/rating.bench.ts': "import '../libs/rating/src/testing/reference/naive-rater';\n",
  // Each breaks one rule:
  'libs/billing/src/uses-app.ts': "import '../../../apps/api/src/main';\n",
  'scripts/tool.ts': "import '../apps/api/src/main';\n",
  'apps/api/src/uses-worker.ts': "import '../../worker/src/main';\n",
  'apps/worker/src/uses-api.ts': "import '../../api/src/main';\n",
  'libs/rating/src/uses-nest.ts': "import '@nestjs/common';\n",
  'libs/domain/src/uses-billing.ts': "import '@nova/billing';\n",
  'libs/rating/src/uses-billing.ts': "import '@nova/billing';\n",
  'libs/billing/src/cycle-a.ts': "import './cycle-b';\n",
  'libs/billing/src/cycle-b.ts': "import './cycle-a';\n",
  'apps/api/src/deep.ts': "import '../../../libs/billing/src/internal';\n",
  'libs/domain/src/deep.ts': "import '../../billing/src/internal';\n",
  'libs/billing/src/uses-test.ts': "import '../../../test/support/helper';\n",
  'libs/billing/src/uses-dev-dep.ts': "import 'supertest';\n",
  'apps/api/src/missing.ts': "import './nowhere';\n",
  'bench/deep.bench.ts': "import '../libs/billing/src/internal';\n",
  'bench/boots-api.bench.ts': "import '../apps/api/src/main';\n",
  'scripts/seed-demo.ts': "import '../apps/api/src/main';\n",
  'libs/billing/src/collection/reaches-in.ts': "import '../invoicing/invoices.repository';\n",
  'libs/billing/src/invoicing/uses-collection.ts': "import '../collection';\n",
  'libs/billing/src/customers/uses-cycle.ts': "import '../billing-cycle';\n",
  'libs/billing/src/reaches-in-from-root.ts': "import './invoicing/invoices.repository';\n",
};

const EXPECTED = [
  'libs-not-to-apps: libs/billing/src/uses-app.ts → apps/api/src/main.ts',
  'scripts-not-to-apps: scripts/tool.ts → apps/api/src/main.ts',
  'api-not-to-worker: apps/api/src/uses-worker.ts → apps/worker/src/main.ts',
  'worker-not-to-api: apps/worker/src/uses-api.ts → apps/api/src/main.ts',
  'pure-core-no-infrastructure: libs/rating/src/uses-nest.ts → node_modules/@nestjs/common/index.js',
  'domain-is-a-leaf: libs/domain/src/uses-billing.ts → libs/billing/src/index.ts',
  'domain-is-a-leaf: libs/domain/src/deep.ts → libs/billing/src/internal.ts',
  'rating-only-on-domain: libs/rating/src/uses-billing.ts → libs/billing/src/index.ts',
  'no-circular: libs/billing/src/cycle-a.ts → libs/billing/src/cycle-b.ts',
  'lib-through-its-index: apps/api/src/deep.ts → libs/billing/src/internal.ts',
  'lib-through-other-libs-index: libs/domain/src/deep.ts → libs/billing/src/internal.ts',
  'production-not-to-test-code: libs/billing/src/uses-test.ts → test/support/helper.ts',
  'production-not-to-dev-dep: libs/billing/src/uses-dev-dep.ts → node_modules/supertest/index.js',
  'not-to-unresolvable: apps/api/src/missing.ts → ./nowhere',
  'bench-through-lib-index: bench/deep.bench.ts → libs/billing/src/internal.ts',
  'bench-not-to-apps: bench/boots-api.bench.ts → apps/api/src/main.ts',
  'scripts-not-to-apps: scripts/seed-demo.ts → apps/api/src/main.ts',
  'context-through-its-index: libs/billing/src/collection/reaches-in.ts → libs/billing/src/invoicing/invoices.repository.ts',
  'context-dependency-direction: libs/billing/src/invoicing/uses-collection.ts → libs/billing/src/collection/index.ts',
  'context-dependency-direction: libs/billing/src/customers/uses-cycle.ts → libs/billing/src/billing-cycle/index.ts',
  'billing-root-through-context-index: libs/billing/src/reaches-in-from-root.ts → libs/billing/src/invoicing/invoices.repository.ts',
];

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nova-dependency-rules-'));
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every violation and nothing the rules allow', async () => {
    const depcruise = (...output: string[]) =>
      promisify(execFile)(process.execPath, [CLI, 'apps', 'libs', 'scripts', 'bench', 'test', '--config', CONFIG, ...output], { cwd: dir, maxBuffer: 16 << 20 })
        .then(({ stdout }) => ({ code: 0, stdout }))
        .catch((error: { code: number; stdout: string }) => error);
    // As npm test runs it (the `err` reporter, exit code = number of errors), and as JSON to see which.
    const [asInNpmTest, asJson] = await Promise.all([depcruise(), depcruise('--output-type', 'json')]);
    const { summary } = JSON.parse(asJson.stdout) as { summary: { error: number; violations: { rule: { name: string }; from: string; to: string }[] } };
    const reported = [...new Set(summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^.*node_modules\//, 'node_modules/')}`))].sort(); // node_modules is a symlink to the repository's
    expect(reported).toEqual([...EXPECTED].sort());
    expect(asInNpmTest.code).toBe(summary.error);
  }, 30_000);
});
