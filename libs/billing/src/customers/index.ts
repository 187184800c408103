// The customers context's public surface: the only file other code may import from this folder.
export * from './customers.types';
export * from './customer-resource';
export { customerExists, findCustomerContact, selectCustomerPaymentTerms, findCustomerForBilling, type BillableCustomer, type CustomerContact, type CustomerPageQuery } from './customers.repository';
export * from './use-cases/create-customer';
export * from './use-cases/get-customer';
export * from './use-cases/update-customer';
export * from './use-cases/delete-customer';
// Credit balance: recordBalanceTransaction moves credit inside the caller's transaction (credit
// notes, overpayments, proration credits, credit applied to an invoice at finalization);
// lockCreditBalance reads it under lock (with creditToApply from @nova/domain to decide how much
// an invoice takes); adjustCustomerBalance is the tenant's manual adjustment.
export * from './use-cases/customer-balance';
// Tax: a customer's typed tax ids, and the batch read invoice issuance taxes customers by.
export * from './use-cases/customer-tax-ids';
export { selectCustomerTaxDetails, type CustomerTaxDetails } from './customer-tax-ids.repository';
// Test clocks (test mode): the clocks, and the one definition of a clock's scope that billing runs select by.
export * from './use-cases/test-clocks';
export { type ClockScope, WALL_CLOCK_SCOPE, clockScopeSql, customerClockIdSql, customerClockTime, selectClockCustomerIds, type TestClockRecord } from './test-clocks.repository';
// Deleting a test clock (the billing cycle orchestrates it in one transaction, in FK order).
export { deleteBalancesOfCustomers } from './customer-balance.repository';
