import { Global, Module } from '@nestjs/common';
import { PaymentsModule } from '@nova/payments';
import { BillingService } from './billing.service';
import { InvoiceDocumentLoader } from './invoice-document.loader';
import { AutomaticCharges } from './payments/automatic-charges';
import { PaymentCollection } from './payments/collection';
import { PaymentConfirmations } from './payments/payment-confirmation';
import { StkReconciliation } from './payments/stk-reconciliation';
import { ProviderAccounts } from './payments/provider-accounts';
import { SavedMethodSealer } from './payments/saved-methods';
import { Refunds } from './payments/refunds';
import { configuredPaymentsModule } from './payments/payments-wiring';

const providers = [BillingService, AutomaticCharges, InvoiceDocumentLoader, ProviderAccounts, SavedMethodSealer, PaymentCollection, Refunds, PaymentConfirmations, StkReconciliation];

@Global()
@Module({ imports: [configuredPaymentsModule], providers, exports: [...providers, PaymentsModule] })
export class BillingModule {}
