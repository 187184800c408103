// The customers context's public surface: the only file other code may import from this folder.
export * from './customers.types';
export { customerExists, findCustomerContact, findCustomerForBilling, type BillableCustomer, type CustomerContact, type CustomerPageQuery } from './customers.repository';
export * from './use-cases/create-customer';
export * from './use-cases/get-customer';
export * from './use-cases/update-customer';
export * from './use-cases/delete-customer';
