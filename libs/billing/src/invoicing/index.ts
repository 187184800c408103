// The invoicing context's public surface: the only file other code may import from this folder.
export * from './tenant-billing-settings';
export * from './invoice-issuer';
export * from './invoice-document.loader';
export * from './use-cases/invoice-payments';
