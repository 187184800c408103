// The collection context (payments, refunds, provider accounts, webhooks, dunning): its public
// surface, the only file other code may import from this folder. Repositories stay private.
export { ProviderAccounts, type ProviderAccountRow, type ResolvedAccount } from './provider-accounts';
export { callProvider, providerFailureToDomainError } from './provider-errors';
export {
  SettlementDeferredError,
  SettlementRejectedError,
  applySettlementEvent,
  failUnconfirmedPayment,
  invoiceShareOfRefund,
  type SettlementEventType,
  type SettlementOutcome,
  type StoredWebhookEvent,
} from './settlement';
export * from './payment-confirmation';
export * from './payments-wiring';
export { SavedMethodSealer, type SealedMethod } from './saved-methods';
export type { PaymentRecord, PaymentFilter, RefundRow } from './payments.repository';
export { paymentResource } from './payment-resource';
export type { PaymentMethodRecord } from './payment-methods.repository';
// Deleting a test clock (the billing cycle orchestrates it in one transaction, in FK order).
export { deletePaymentsOfCustomers } from './payments.repository';
export { deletePaymentMethodsOfCustomers } from './payment-methods.repository';
export { deleteDunningOfInvoices } from './dunning.repository';
export { deleteRemindersOfInvoices } from './reminders.repository';
export * from './use-cases/start-checkout';
export * from './use-cases/charge-saved-method';
export * from './use-cases/refund-payment';
export * from './use-cases/record-offline-payment';
export * from './use-cases/issue-credit-note';
export { recordReceipt, type RecordReceiptCommand, type RecordedReceipt } from './use-cases/record-receipt';
export * from './use-cases/enqueue-automatic-charges';
export * from './use-cases/run-dunning-attempt';
export * from './use-cases/clock-collection';
export * from './use-cases/notify-payment-failure';
export * from './use-cases/payment-settings';
export * from './use-cases/payment-queries';
export * from './use-cases/update-payment-metadata';
export * from './use-cases/payment-methods';
export * from './use-cases/process-webhook-event';
export * from './use-cases/reconcile-stk-payments';
export * from './use-cases/receive-webhook';
export { ProviderAccountViews, type ProviderAccountView, type WebhookSecret } from './use-cases/provider-account-view';
export * from './use-cases/provider-account-administration';
export * from './use-cases/requeue-stored-webhooks';
export * from './use-cases/payment-reminders';
export { getReceipt, RenderReceiptPdf, type ReceiptView, type ReceiptAllocationView, type RenderedReceipt } from './use-cases/get-receipt';
export * from './use-cases/send-receipt';
