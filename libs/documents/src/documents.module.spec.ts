import { Test } from '@nestjs/testing';
import { DocumentsModule } from './documents.module';
import { InvoicePdfRenderer } from './invoice-pdf-renderer';
import { sampleInvoice } from './testing/sample-invoice';

describe('DocumentsModule', () => {
  it('provides an InvoicePdfRenderer that renders PDFs', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [DocumentsModule] }).compile();
    const pdf = await moduleRef.get(InvoicePdfRenderer).render(sampleInvoice());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await moduleRef.close();
  });
});
