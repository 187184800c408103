import { Global, Module } from '@nestjs/common';
import { PaymentsModule } from '@nova/payments';
import { BillingService, TestClockAdvances } from './billing-cycle';
import { InvoiceDocumentLoader, RenderCreditNotePdf, SendCreditNote, SendInvoice } from './invoicing';
import { AutomaticCharges, ChargeSavedMethod, IssueCreditNote, RefundCreditNote, RenderReceiptPdf, SendReceipt, PaymentReminders, PaymentConfirmations, ProviderAccounts, RefundPayment, SavedMethodSealer, StartCheckout, StkReconciliation, configuredPaymentsModule } from './collection';

/** The billing use cases that are injectable classes (they need providers, queues or config); the rest are functions. */
const providers = [
  BillingService,
  TestClockAdvances,
  InvoiceDocumentLoader,
  SendInvoice,
  SendCreditNote,
  RenderCreditNotePdf,
  AutomaticCharges,
  PaymentReminders,
  ProviderAccounts,
  SavedMethodSealer,
  StartCheckout,
  ChargeSavedMethod,
  RefundPayment,
  IssueCreditNote,
  RefundCreditNote,
  SendReceipt,
  RenderReceiptPdf,
  PaymentConfirmations,
  StkReconciliation,
];

@Global()
@Module({ imports: [configuredPaymentsModule], providers, exports: [...providers, PaymentsModule] })
export class BillingModule {}
