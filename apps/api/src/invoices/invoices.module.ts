import { Module } from '@nestjs/common';
import { DocumentsModule } from '@nova/documents';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';

@Module({ imports: [DocumentsModule], controllers: [InvoicesController], providers: [InvoicesService] })
export class InvoicesModule {}
