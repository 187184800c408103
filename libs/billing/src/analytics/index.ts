// The analytics context's public surface: the only file other code may import from this folder.
export * from './analytics.types';
export * from './report-period';
export * from './use-cases/get-revenue-report';
export * from './use-cases/get-subscription-report';
export * from './use-cases/get-customer-report';
export * from './use-cases/get-receivables-aging';
export * from './use-cases/get-tax-report';
