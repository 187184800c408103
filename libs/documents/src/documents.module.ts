import { Module } from '@nestjs/common';
import { InvoicePdfRenderer } from './invoice-pdf-renderer';

@Module({ providers: [InvoicePdfRenderer], exports: [InvoicePdfRenderer] })
export class DocumentsModule {}
