// The tax context's public surface: the only file other code may import from this folder.
// The tenant's tax profile and tax rates, and the batch tax plan invoice issuance asks for.
export * from './tax.types';
export * from './use-cases/tax-profile';
export * from './use-cases/tax-rates';
export * from './use-cases/plan-invoices-tax';
