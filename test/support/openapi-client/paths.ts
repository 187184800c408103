// Stand-in for the types openapi-typescript generates from /api/docs-json. The contract test
// (test/e2e/openapi-contract.e2e-spec.ts) generates the real ones at run time, puts them in a
// scratch directory as paths.ts next to a copy of core-flow.ts and type-checks that under
// `strict`; here (the project's own type-check and Jest) any shape goes.
export type paths = any;
