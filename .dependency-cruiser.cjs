// The dependency rules of the architecture (README "Architecture"), checked by `npm run lint:deps`
// as part of `npm test`. Paths are relative to the repository root; `@nova/<lib>` aliases are
// resolved through tsconfig.json, so an alias and a relative path to the same file are the same edge.
// test/dependency-rules/dependency-rules.spec.ts proves each rule fires on a fixture that breaks it.

/** A library's public entry point (what `@nova/<lib>` resolves to). */
const LIB_INDEX = '^libs/[^/]+/src/index\\.ts$';
/** A library's helpers for tests (fakes, fixtures, synthetic traffic). */
const TEST_HELPERS = ['^libs/[^/]+/testing/', '^libs/[^/]+/src/testing(/|\\.ts$)'];
/** Test code: spec files, the test/ tree and the libraries' test helpers. */
const TEST_CODE = ['\\.(spec|int-spec|e2e-spec)\\.ts$', '^test/', ...TEST_HELPERS];
/** What runs in production (and ships in dist/): the apps, the libraries and the operator scripts. */
const PRODUCTION = { path: '^(apps|libs|scripts)/', pathNot: TEST_CODE };

/**
 * Which billing contexts each context may call (through their index). Anything not listed is
 * refused; `billing-cycle` is the orchestrator and may call every context, so it is not listed.
 * Collection is the one other context that moves more than its own tables' state, and only
 * through the owners' use cases: a settled payment pays the invoice (invoicing) and may bring a
 * past-due subscription back (subscriptions) in the same transaction.
 */
// Every context (and telecom) records its events through @nova/events (libs/events: the outbox,
// webhook endpoints and deliveries), a library below billing and telecom rather than a context:
// telecom, which billing depends on, records events too, so the outbox cannot live inside billing.
// It imports neither of them (no-circular would refuse it), so it needs no entry here.
const CONTEXT_MAY_USE = {
  // Coupons and discounts only: applying one to a customer or a subscription (which checks the target and takes the
  // discount off its drafts when it ends) is the subscriptions context's use case.
  catalog: [],
  // platform-usage keeps the counters of the tenant's NovaBilling plan limits: customers and
  // invoicing count the rows they add in their own transactions (a counter never drifts from the rows).
  'platform-usage': [],
  customers: ['platform-usage'],
  analytics: [],
  // Tax decides a batch's tax from the buyers' tax details (customers) and the prices' tax rates
  // and codes (catalog); it writes only its own tables.
  tax: ['catalog', 'customers'],
  // Issuance asks tax how each invoice is taxed (the one place invoices come into being).
  invoicing: ['customers', 'tax', 'platform-usage'],
  subscriptions: ['catalog', 'customers', 'invoicing'],
  collection: ['customers', 'invoicing', 'subscriptions'],
};

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // 1. Layering: libraries are shared by both apps, so they cannot know either of them.
    {
      name: 'libs-not-to-apps',
      comment: 'A library must not import an app: move the shared code into a library.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'scripts-not-to-apps',
      comment:
        'Operator scripts use the libraries, not the apps (scripts/start.ts runs the built apps as processes, ' +
        'scripts/seed-demo.ts talks to the running API over HTTP).',
      severity: 'error',
      from: { path: '^scripts/' },
      to: { path: '^apps/' },
    },
    {
      name: 'bench-not-to-apps',
      comment: 'Benchmarks run the API and the worker as processes (bench/support/app-process.ts) and set up through the libraries.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^apps/' },
    },
    // 2. The API and the worker are separate processes; what both need lives in libs/.
    {
      name: 'api-not-to-worker',
      severity: 'error',
      from: { path: '^apps/api/' },
      to: { path: '^apps/worker/' },
    },
    {
      name: 'worker-not-to-api',
      severity: 'error',
      from: { path: '^apps/worker/' },
      to: { path: '^apps/api/' },
    },
    // 3. The pure core: plain TypeScript, no framework, no database, no queue.
    {
      name: 'pure-core-no-infrastructure',
      comment: 'libs/domain and libs/rating import no Nest, Prisma, pg, BullMQ or Redis.',
      severity: 'error',
      from: { path: '^libs/(domain|rating)/' },
      to: { path: 'node_modules/(@nestjs|@prisma|prisma|\\.prisma|pg|pg-copy-streams|bullmq|ioredis)/' },
    },
    {
      name: 'domain-is-a-leaf',
      comment: 'libs/domain imports no other library.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: '^(libs|apps)/', pathNot: '^libs/domain/' },
    },
    {
      name: 'rating-only-on-domain',
      comment: 'libs/rating imports no other library than libs/domain.',
      severity: 'error',
      from: { path: '^libs/rating/' },
      to: { path: '^(libs|apps)/', pathNot: '^libs/(rating|domain)/' },
    },
    // 4. No import cycles, not even through type-only imports (there are none today).
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { circular: true },
    },
    // 5. A library is used through its index (`@nova/<lib>`), not by reaching into its src/.
    {
      name: 'lib-through-its-index',
      comment:
        'Import another library as @nova/<lib> (its src/index.ts), not a file inside it. Test code may also import a ' +
        'library\'s test helpers (libs/<lib>/testing, libs/<lib>/src/testing). bench/ has its own rule below.',
      severity: 'error',
      from: { path: '^(apps|scripts|test)/' },
      to: { path: '^libs/', pathNot: [LIB_INDEX, ...TEST_HELPERS] },
    },
    {
      name: 'lib-through-other-libs-index',
      comment: 'Inside libs/, a file may import its own library freely and another library only through its index.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: ['^libs/$1/', LIB_INDEX, ...TEST_HELPERS] },
    },
    {
      name: 'bench-through-lib-index',
      comment:
        'Benchmarks use a library through its index or its test helpers (synthetic traffic, the naive reference rater). ' +
        'Prefer exporting what a new benchmark needs over reaching into a library.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^libs/', pathNot: [LIB_INDEX, ...TEST_HELPERS] },
    },
    // 6. Production code does not depend on test code.
    {
      name: 'production-not-to-test-code',
      severity: 'error',
      from: PRODUCTION,
      to: { path: TEST_CODE },
    },
    // 7. Production code imports only what `npm ci --omit=dev` installs.
    {
      name: 'production-not-to-dev-dep',
      severity: 'error',
      from: PRODUCTION,
      to: { dependencyTypes: ['npm-dev'], pathNot: 'node_modules/@types/' }, // type-only imports too: none today
    },
    // 8. The billing core's bounded contexts (libs/billing/src/<context>/, README "Architecture"):
    //    a context is used through its index.ts only (its repositories and use cases stay private),
    //    and contexts depend on each other in one direction. The billing cycle orchestrates them all.
    {
      name: 'context-through-its-index',
      comment: 'Inside libs/billing, another context is imported through its index.ts (`../invoicing`), never a file inside it: its repositories are private.',
      severity: 'error',
      from: { path: '^libs/billing/src/([^/]+)/' },
      to: { path: '^libs/billing/src/[^/]+/', pathNot: ['^libs/billing/src/$1/', '^libs/billing/src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'billing-root-through-context-index',
      comment: 'libs/billing/src/index.ts and billing.module.ts gather the contexts through their index files.',
      severity: 'error',
      from: { path: '^libs/billing/src/[^/]+\\.ts$' },
      to: { path: '^libs/billing/src/[^/]+/', pathNot: '^libs/billing/src/[^/]+/index\\.ts$' },
    },
    ...Object.entries(CONTEXT_MAY_USE).map(([context, uses]) => ({
      name: 'context-dependency-direction',
      comment: `The ${context} context may use ${uses.length ? uses.join(', ') : 'no other context'}; only the billing cycle may use every context.`,
      severity: 'error',
      from: { path: `^libs/billing/src/${context}/` },
      to: { path: '^libs/billing/src/[^/]+/', pathNot: `^libs/billing/src/(${[context, ...uses].join('|')})/` },
    })),
    // Guards the check itself: an import it cannot resolve would escape every rule above.
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^libs/[^/]+/src/generated/'] },
    exclude: { path: ['^dist/', '^bench/\\.out/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
