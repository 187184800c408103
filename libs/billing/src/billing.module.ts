import { Global, Module } from '@nestjs/common';
import { PaymentsModule } from '@nova/payments';
import { BillingService } from './billing-cycle/billing.service';
import { InvoiceDocumentLoader } from './invoicing/invoice-document.loader';
import { SendInvoice } from './invoicing/use-cases/send-invoice';
import { AutomaticCharges } from './collection/automatic-charges';
import { PaymentCollection } from './collection/collection';
import { PaymentConfirmations } from './collection/payment-confirmation';
import { StkReconciliation } from './collection/stk-reconciliation';
import { ProviderAccounts } from './collection/provider-accounts';
import { SavedMethodSealer } from './collection/saved-methods';
import { Refunds } from './collection/refunds';
import { configuredPaymentsModule } from './collection/payments-wiring';

const providers = [BillingService, AutomaticCharges, InvoiceDocumentLoader, SendInvoice, ProviderAccounts, SavedMethodSealer, PaymentCollection, Refunds, PaymentConfirmations, StkReconciliation];

@Global()
@Module({ imports: [configuredPaymentsModule], providers, exports: [...providers, PaymentsModule] })
export class BillingModule {}
