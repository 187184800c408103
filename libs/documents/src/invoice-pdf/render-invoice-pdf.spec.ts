import { readPdf } from '../../../../test/support/read-pdf';
import { InvalidInvoiceDocumentError, type InvoiceDocument } from '../invoice-document';
import { manyLines, sampleInvoice } from '../testing/sample-invoice';
import { renderInvoicePdf } from './render-invoice-pdf';
import { PAGE } from './theme';

const A4_WIDTH = 595.28;
const words = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');
const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe('renderInvoicePdf', () => {
  it('renders a PDF whose text shows the number, customer, total and due date', async () => {
    const pdf = await renderInvoicePdf(sampleInvoice());

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pages, text } = await readPdf(pdf);
    expect(pages).toHaveLength(1);
    expect(text).toContain('Invoice INV-2025-000123');
    expect(text).toContain('Wanjiku Kamau');
    expect(text).toContain('wanjiku@example.co.ke');
    expect(text).toContain('Total KES 11,361.04');
    expect(text).toContain('Amount due KES 11,361.04');
    expect(text).toContain('Due date 15 Nov 2025');
    expect(text).toContain('Issue date 1 Nov 2025');
    expect(text).toContain('Billing period 1 Oct 2025 – 31 Oct 2025');
    expect(text).toContain('Static IP address 2 KES 500.00 KES 1,000.00');
    expect(text).toContain('Pay by M-Pesa to paybill 123456');
    expect(text).toContain('Page 1 of 1');
    expect(text).not.toContain('Refunded');
  });

  it('shows refunds of a paid invoice', async () => {
    const paid = sampleInvoice();
    const { text } = await readPdf(await renderInvoicePdf({ ...paid, status: 'paid', amountPaid: paid.total, amountDue: 0n, amountRefunded: 250_000n }));
    expect(text).toContain('Refunded KES -2,500.00');
    expect(text).toContain('Amount due KES 0.00');
  });

  it("shows credit taken from the customer's balance, and a negative total's surplus credited to it", async () => {
    const invoice = sampleInvoice();
    const credited = await readPdf(await renderInvoicePdf({ ...invoice, creditApplied: 100_000n, amountDue: invoice.total - 100_000n }));
    expect(credited.text).toContain('Credit applied KES -1,000.00');
    expect(credited.text).toContain('Amount due KES 10,361.04');

    const surplus = await readPdf(await renderInvoicePdf({ ...invoice, status: 'paid', total: -50_000n, creditApplied: -50_000n, amountDue: 0n }));
    expect(surplus.text).toContain('Credited to your balance KES 500.00');
    expect(credited.text).not.toContain('Credited to your balance');
  });

  it('a GST tax invoice shows both GSTINs, the place of supply and a row per tax component', async () => {
    const invoice = sampleInvoice();
    const { text } = await readPdf(
      await renderInvoicePdf({
        ...invoice,
        currency: 'INR',
        title: 'Tax invoice',
        tenant: { ...invoice.tenant, address: '12 MG Road, Bengaluru, Karnataka, IN', taxIds: ['GSTIN 29AABCU9603R1ZJ'] },
        customer: { ...invoice.customer, taxIds: ['GSTIN 29AAACC1206D1ZC'] },
        placeOfSupply: '29 Karnataka',
        taxLines: [{ label: 'CGST 9%', amount: 904n }, { label: 'SGST 9%', amount: 904n }],
        taxNote: null,
      }),
    );
    expect(text).toContain('Tax invoice INV-2025-000123');
    expect(text).toContain('GSTIN 29AABCU9603R1ZJ');
    expect(text).toContain('GSTIN 29AAACC1206D1ZC');
    expect(text).toContain('Place of supply 29 Karnataka');
    expect(text).toContain('CGST 9% INR 9.04');
    expect(text).toContain('SGST 9% INR 9.04');
    expect(text).not.toMatch(/^Tax INR/m);
  });

  it("prints the legend of a sale without tax in the notes", async () => {
    const { text } = await readPdf(await renderInvoicePdf({ ...sampleInvoice(), taxNote: 'Reverse charge: the customer accounts for the VAT', memo: null }));
    expect(words(text)).toContain('NOTES Reverse charge: the customer accounts for the VAT');
  });

  it('paginates 120 lines, repeating the table header on every page', async () => {
    const { pages, items } = await readPdf(await renderInvoicePdf(sampleInvoice(manyLines(120, 1000n))));

    expect(pages.length).toBeGreaterThanOrEqual(4);
    pages.forEach((page, index) => {
      expect(page).toContain('DESCRIPTION QTY UNIT PRICE AMOUNT');
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
    });
    const printed = pages.join('\n').match(/Usage charge \d+\b/g) ?? [];
    expect(printed).toEqual(Array.from({ length: 120 }, (_, index) => `Usage charge ${index + 1}`));
    expect(pages.at(-1)).toContain('Total KES 1,200.00');
    expectNothingInFooterZoneButFooter(items);
  });

  it('wraps a long description inside its column', async () => {
    const description = Array.from({ length: 60 }, (_, index) => `component${index}`).join(' ');
    const doc = sampleInvoice({ lines: [{ description, quantity: 1, unitAmount: 100n, amount: 100n }] });
    const { text, items } = await readPdf(await renderInvoicePdf(doc));

    const descriptionRuns = items.flat().filter((item) => item.str.includes('component'));
    expect(descriptionRuns.length).toBeGreaterThanOrEqual(5);
    expect(words(descriptionRuns.map((item) => item.str).join(' '))).toBe(description);
    // Every run ends before the quantity column, which starts 260pt left of the right margin.
    for (const run of descriptionRuns) expect(run.x + run.width).toBeLessThanOrEqual(A4_WIDTH - PAGE.margin - 260);
    expect(text).toContain('KES 1.00');
  });

  it('splits a description taller than a page across pages', async () => {
    const description = Array.from({ length: 1500 }, (_, index) => `w${index}`).join(' ');
    const doc = sampleInvoice({ lines: [{ description, quantity: 3, unitAmount: 100n, amount: 300n }] });
    const { pages, items } = await readPdf(await renderInvoicePdf(doc));

    expect(pages.length).toBeGreaterThanOrEqual(2);
    // The row starts right under the header on page 1 rather than leaving that page empty.
    expect(pages[0]).toMatch(/DESCRIPTION QTY UNIT PRICE AMOUNT\s+w0 w1 w2/);
    const printed = items.flat().filter((item) => /^w\d/.test(item.str)).map((item) => item.str).join(' ');
    expect(words(printed)).toBe(description);
    expectNothingInFooterZoneButFooter(items);
  });

  it.each([
    ['UGX', 500000n, 'UGX 500,000'],
    ['KWD', 1234567n, 'KWD 1,234.567'],
    ['INR', 99999999n, 'INR 999,999.99'],
  ])('formats %s amounts with the currency exponent', async (currency, amount, formatted) => {
    const doc = sampleInvoice({
      currency,
      lines: [{ description: 'Plan', quantity: 1, unitAmount: amount, amount }],
      subtotal: amount,
      tax: 0n,
      total: amount,
      amountPaid: 0n,
      amountDue: amount,
    });
    const { text } = await readPdf(await renderInvoicePdf(doc));
    expect(text).toContain(`Plan 1 ${formatted} ${formatted}`);
    expect(text).toContain(`Total ${formatted}`);
    expect(text).toContain(`Amount due ${formatted}`);
  });

  it.each(['PAID', 'VOID'])('stamps %s invoices', async (status) => {
    const { text } = await readPdf(await renderInvoicePdf(sampleInvoice({ status })));
    // Once in the status row, once as the stamp.
    expect(occurrences(text, status)).toBe(2);
  });

  it('does not stamp an open invoice', async () => {
    const { text } = await readPdf(await renderInvoicePdf(sampleInvoice({ status: 'OPEN' })));
    expect(occurrences(text, 'OPEN')).toBe(1);
    expect(text).not.toMatch(/PAID|VOID/);
  });

  it('prints names outside the built-in fonts legibly', async () => {
    const doc = sampleInvoice({ customer: { name: 'Nguyễn Văn Ánh', email: 'anh@example.vn' }, memo: 'Thank you – ₹ not printable' });
    const { text } = await readPdf(await renderInvoicePdf(doc));
    expect(text).toContain('Nguyen Van Ánh');
    expect(text).toContain('Thank you – ? not printable');
  });

  it('is byte-for-byte reproducible, dated by the issue date', async () => {
    const first = await renderInvoicePdf(sampleInvoice());
    const second = await renderInvoicePdf(sampleInvoice());
    expect(first.equals(second)).toBe(true);
    expect(first.toString('latin1')).toContain('(D:20251101000000Z)');
  });

  it.each<[string, Partial<InvoiceDocument>]>([
    ['currency', { currency: 'KESS' }],
    ['dueAt', { dueAt: new Date('not a date') }],
    ['customer.name', { customer: { name: ' ', email: 'x@example.com' } }],
    ['lines[0].amount', { lines: [{ description: 'x', quantity: 1, unitAmount: 1n, amount: 1 as unknown as bigint }] }],
    ['lines[0].quantity', { lines: [{ description: 'x', quantity: Number.NaN, unitAmount: 1n, amount: 1n }] }],
  ])('rejects a bad %s with an error naming the field', async (field, override) => {
    const attempt = () => renderInvoicePdf(sampleInvoice(override));
    await expect(attempt()).rejects.toThrow(InvalidInvoiceDocumentError);
    await expect(attempt()).rejects.toThrow(`Invalid invoice document: ${field} `);
  });
});

/** Between the content area and the footer line there must be nothing; footer text sits below it. */
function expectNothingInFooterZoneButFooter(items: { str: string; y: number }[][]): void {
  for (const page of items) {
    for (const item of page) {
      if (item.str.trim() === '') continue;
      const isFooter = item.y < PAGE.footerBottomGap;
      if (isFooter) expect(item.str).toMatch(/Savanna Telecom Ltd|Page \d+ of \d+/);
      else expect(item.y).toBeGreaterThan(PAGE.contentBottomGap);
    }
  }
}
