// The platform-usage context's public surface: counters of what the tenant's NovaBilling plan
// limits in the tenant's database (customers, invoices a month). The customers and invoicing
// contexts count through consumeAllowance/releaseAllowance inside their own transactions.
export * from './use-cases/platform-allowance';
export * from './use-cases/describe-platform-plan';
