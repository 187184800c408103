import { Module } from '@nestjs/common';
import { DocumentsModule } from '@nova/documents';
import { RenderInvoicePdf } from '@nova/billing';
import { InvoicesController } from './invoices.controller';
import { MarkPaidLegacy } from './mark-paid.legacy';

// RenderInvoicePdf is provided here because it needs DocumentsModule's renderer.
@Module({ imports: [DocumentsModule], controllers: [InvoicesController], providers: [RenderInvoicePdf, MarkPaidLegacy] })
export class InvoicesModule {}
