import { Global, Module } from '@nestjs/common';
import { BillingService } from './billing.service';
import { InvoiceDocumentLoader } from './invoice-document.loader';
import { TelecomRatingService } from './telecom/telecom-rating.service';

@Global()
@Module({ providers: [BillingService, InvoiceDocumentLoader, TelecomRatingService], exports: [BillingService, InvoiceDocumentLoader, TelecomRatingService] })
export class BillingModule {}
