import { Global, Module } from '@nestjs/common';
import { PaymentsModule } from '@nova/payments';
import { BillingService } from './billing.service';
import { InvoiceDocumentLoader } from './invoice-document.loader';
import { PaymentCollection } from './payments/collection';
import { ProviderAccounts } from './payments/provider-accounts';
import { Refunds } from './payments/refunds';
import { configuredPaymentsModule } from './payments/payments-wiring';

const providers = [BillingService, InvoiceDocumentLoader, ProviderAccounts, PaymentCollection, Refunds];

@Global()
@Module({ imports: [configuredPaymentsModule], providers, exports: [...providers, PaymentsModule] })
export class BillingModule {}
