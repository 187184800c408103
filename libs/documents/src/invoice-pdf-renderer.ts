import { Injectable } from '@nestjs/common';
import type { InvoiceDocument } from './invoice-document';
import { renderInvoicePdf } from './invoice-pdf/render-invoice-pdf';

/** Injectable face of `renderInvoicePdf`, so API and worker services can depend on it. */
@Injectable()
export class InvoicePdfRenderer {
  render(doc: InvoiceDocument): Promise<Buffer> {
    return renderInvoicePdf(doc);
  }
}
