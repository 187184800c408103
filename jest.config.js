// One `npm test` runs every tier: fast unit tests of pure logic, then integration and
// end-to-end tests against the real PostgreSQL and Redis (see test/README.md).
const fs = require('node:fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;

const moduleNameMapper = Object.fromEntries(
  Object.entries(swcrc.jsc.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);
// A few dependencies ship only ES modules, which Jest on Node 20 cannot require(): compile those to CommonJS too.
const ESM_ONLY_DEPENDENCIES = ['content-disposition'];
const transform = {
  '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false, jsc: { ...swcrc.jsc, baseUrl: __dirname } }],
  [`node_modules/(${ESM_ONLY_DEPENDENCIES.join('|')})/.+\\.js$`]: ['@swc/jest', { swcrc: false, module: { type: 'commonjs' } }],
};
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY_DEPENDENCIES.join('|')})/)`];

const common = { rootDir: __dirname, testEnvironment: 'node', moduleNameMapper, transform, transformIgnorePatterns, moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // Integration tests create databases and run the Prisma CLI; per-project testTimeout is ignored.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/dependency-rules/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      testTimeout: 60_000,
    },
  ],
};
