import { Module } from '@nestjs/common';
import { DocumentsModule } from '@nova/documents';
import { RenderInvoicePdf } from '@nova/billing';
import { InvoicesController } from './invoices.controller';

// RenderInvoicePdf is provided here because it needs DocumentsModule's renderer.
@Module({ imports: [DocumentsModule], controllers: [InvoicesController], providers: [RenderInvoicePdf] })
export class InvoicesModule {}
