import { Global, Module } from '@nestjs/common';
import { BillingService } from './billing.service';
import { InvoiceDocumentLoader } from './invoice-document.loader';

@Global()
@Module({ providers: [BillingService, InvoiceDocumentLoader], exports: [BillingService, InvoiceDocumentLoader] })
export class BillingModule {}
