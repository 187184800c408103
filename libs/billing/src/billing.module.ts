import { Global, Module } from '@nestjs/common';
import { PaymentsModule } from '@nova/payments';
import { BillingService } from './billing-cycle/billing.service';
import { InvoiceDocumentLoader } from './invoicing/invoice-document.loader';
import { AutomaticCharges, ChargeSavedMethod, PaymentConfirmations, ProviderAccounts, RefundPayment, SavedMethodSealer, StartCheckout, StkReconciliation, configuredPaymentsModule } from './collection';

const providers = [BillingService, AutomaticCharges, InvoiceDocumentLoader, ProviderAccounts, SavedMethodSealer, StartCheckout, ChargeSavedMethod, RefundPayment, PaymentConfirmations, StkReconciliation];

@Global()
@Module({ imports: [configuredPaymentsModule], providers, exports: [...providers, PaymentsModule] })
export class BillingModule {}
