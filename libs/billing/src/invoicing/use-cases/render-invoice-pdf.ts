import { Injectable } from '@nestjs/common';
import { InvoicePdfRenderer } from '@nova/documents';
import { InvoiceDocumentLoader } from '../invoice-document.loader';

/** The invoice as a PDF, with the number to name the file by. Provided where DocumentsModule is imported (the API's invoices module). */
@Injectable()
export class RenderInvoicePdf {
  constructor(
    private readonly documents: InvoiceDocumentLoader,
    private readonly renderer: InvoicePdfRenderer,
  ) {}

  async execute(command: { invoiceId: string }): Promise<{ number: string; pdf: Buffer }> {
    const { document } = await this.documents.load(command.invoiceId);
    return { number: document.number, pdf: await this.renderer.render(document) };
  }
}
