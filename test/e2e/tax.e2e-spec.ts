// Tax over HTTP: an Indian tenant (Karnataka GSTIN) invoicing a Karnataka business (CGST 9 % +
// SGST 9 %, each rounded on its own), a Maharashtra business (IGST 18 %) and an export (zero-rated);
// a Kenyan tenant at 16 % VAT with inclusive prices, exempt and reverse-charge customers; bad GSTINs
// refused naming the field; the PDF's tax lines and GSTINs; the report's sums against the invoices.
import { downloadPdfText } from '../support/read-pdf';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, agent, registerTenant } from '../support/tenant-session';

interface InvoiceJson {
  id: string;
  subtotal: number;
  tax: number;
  total: number;
  taxTreatment: string | null;
  taxNote: string | null;
  placeOfSupply: string | null;
  lines: { taxableAmount: number; taxAmount: number; taxCode: string | null; taxes: { code: string; percentage: string; amount: number }[] }[];
  taxSummary: { code: string; percentage: string; taxable: number; amount: number }[];
  taxSnapshot: { seller: { name: string; taxIds: { type: string; value: string }[] }; buyer: { name: string; taxIds: { type: string; value: string }[] } } | null;
}

describe('tax', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app?.close());

  describe('an Indian tenant registered in Karnataka', () => {
    let tenant: TenantSession;
    let gst18: string;
    let unusedRate: string;
    beforeAll(async () => {
      tenant = await registerTenant(app, { defaultCurrency: 'INR' });
    });

    async function customer(name: string, address: Record<string, string>, gstin?: string): Promise<string> {
      const created = (await tenant.as.post('/api/customers').send({ name, email: `${name.split(' ')[0]!.toLowerCase()}@example.test`, currency: 'INR', address }).expect(201)).body;
      if (gstin) expect((await tenant.as.post(`/api/customers/${created.id}/tax-ids`).send({ type: 'in_gstin', value: gstin }).expect(201)).body).toMatchObject({ object: 'tax_id', type: 'in_gstin', value: gstin.toUpperCase() });
      return created.id;
    }
    const oneOff = async (customerId: string, unitAmount: number, taxRateId?: string): Promise<InvoiceJson> =>
      (await tenant.as.post('/api/invoices').send({ customerId, lines: [{ description: 'Managed hosting', quantity: 1, unitAmount, taxRateId }] }).expect(201)).body;

    it('refuses a bad GSTIN with a 400 naming the field, on the profile and on a customer', async () => {
      const bad = await tenant.as.put('/api/tax/profile').send({ legalName: 'Nimbus Cloud Pvt Ltd', country: 'IN', taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZK' }] }).expect(400);
      expect(bad.body.fields).toEqual([{ field: 'taxIds.0.value', message: 'has a wrong check character' }]);
      await tenant.as.get('/api/tax/profile').expect(404);
      const someone = (await tenant.as.post('/api/customers').send({ name: 'Someone', email: 'someone@example.test' }).expect(201)).body.id;
      const wrongState = await tenant.as.post(`/api/customers/${someone}/tax-ids`).send({ type: 'in_gstin', value: '99AAPFU0939F1ZV' }).expect(400);
      expect(wrongState.body.fields).toEqual([{ field: 'value', message: 'has an unknown state code 99' }]);
      await tenant.as.post(`/api/customers/00000000-0000-4000-8000-000000000000/tax-ids`).send({ type: 'in_gstin', value: '27AAPFU0939F1ZV' }).expect(404);
      // Without a profile nothing is taxed, so a line naming a rate is refused rather than ignored.
      unusedRate = (await tenant.as.post('/api/tax/rates').send({ name: 'GST 5%', country: 'IN', percentage: '5' }).expect(201)).body.id;
      const early = await tenant.as.post('/api/invoices').send({ customerId: someone, currency: 'INR', lines: [{ description: 'Setup', quantity: 1, unitAmount: 100, taxRateId: unusedRate }] }).expect(400);
      expect(early.body.fields).toEqual([expect.objectContaining({ field: 'lines.0.taxRateId' })]);
    });

    it('issues CGST + SGST within Karnataka, IGST to Maharashtra and a zero-rated export; the PDF shows the tax lines and both GSTINs', async () => {
      gst18 = (await tenant.as.post('/api/tax/rates').send({ name: 'GST 18%', country: 'IN', percentage: '18', description: 'SAC 998315' }).expect(201)).body.id;
      const profile = await tenant.as
        .put('/api/tax/profile')
        .send({ legalName: 'Nimbus Cloud Pvt Ltd', country: 'IN', address: { line1: '12 MG Road', city: 'Bengaluru', state: 'Karnataka', country: 'IN' }, taxIds: [{ type: 'in_gstin', value: '29aabcu9603r1zj' }], defaultTaxRateId: gst18 })
        .expect(200);
      expect(profile.body).toMatchObject({ object: 'tax_profile', country: 'IN', taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }], defaultTaxBehavior: 'exclusive', defaultTaxRateId: gst18 });

      // A subscription's price taxed through its product (HSN/SAC code and rate).
      const product = (await tenant.as.post('/api/products').send({ name: 'Cloud hosting', taxCode: '998315', taxRateId: gst18 }).expect(201)).body;
      expect(product).toMatchObject({ taxCode: '998315', taxRateId: gst18 });
      const plan = (await tenant.as.post('/api/plans').send({ code: 'hosting', name: 'Hosting', productId: product.id }).expect(201)).body;
      const price = (await tenant.as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'INR', unitAmount: 10_050, interval: 'month' }).expect(201)).body;

      const karnataka = await customer('Kaveri Traders', { line1: '4 Residency Rd', city: 'Bengaluru', state: 'Karnataka', country: 'IN' }, '29aaacc1206d1zc');
      const subscription = (await tenant.as.post('/api/subscriptions').send({ customerId: karnataka, priceId: price.id }).expect(201)).body;
      const [firstInvoice] = (await tenant.as.get(`/api/invoices?subscriptionId=${subscription.id}`).expect(200)).body.data;
      const intra: InvoiceJson = (await tenant.as.get(`/api/invoices/${firstInvoice.id}`).expect(200)).body;
      // ₹100.50 at 18 %: 9.045 per half, each rounded half-even to 9.04.
      expect(intra).toMatchObject({ subtotal: 10_050, tax: 1_808, total: 11_858, taxTreatment: 'taxable', placeOfSupply: '29' });
      expect(intra.lines[0]).toMatchObject({ taxableAmount: 10_050, taxAmount: 1_808, taxCode: '998315', taxes: [{ code: 'CGST', percentage: '9', amount: 904 }, { code: 'SGST', percentage: '9', amount: 904 }] });
      expect(intra.taxSummary).toEqual([{ code: 'CGST', percentage: '9', taxable: 10_050, amount: 904 }, { code: 'SGST', percentage: '9', taxable: 10_050, amount: 904 }]);
      expect(intra.taxSnapshot).toMatchObject({ seller: { name: 'Nimbus Cloud Pvt Ltd', taxIds: [{ value: '29AABCU9603R1ZJ' }] }, buyer: { name: 'Kaveri Traders', taxIds: [{ value: '29AAACC1206D1ZC' }] } });

      const pdf = await downloadPdfText(tenant.as.get(`/api/invoices/${intra.id}/pdf`));
      expect(pdf).toContain('Tax invoice');
      expect(pdf).toContain('GSTIN 29AABCU9603R1ZJ');
      expect(pdf).toContain('GSTIN 29AAACC1206D1ZC');
      expect(pdf).toContain('Place of supply 29 Karnataka');
      // Both parties' addresses in postal order (issue 9: jsonb hands keys back shortest first).
      expect(pdf).toContain('12 MG Road, Bengaluru, Karnataka, IN');
      expect(pdf).toContain('4 Residency Rd, Bengaluru, Karnataka, IN');
      expect(pdf).toContain('HSN/SAC 998315');
      expect(pdf).toContain('CGST 9% INR 9.04');
      expect(pdf).toContain('SGST 9% INR 9.04');

      // A credit note for the whole invoice takes back each component of its tax.
      const note = (await tenant.as.post('/api/credit-notes').send({ invoiceId: intra.id, reason: 'other' }).expect(201)).body;
      expect(note).toMatchObject({ amount: 11_858, taxAmount: 1_808, taxComponents: [{ code: 'CGST', percentage: '9', amount: 904 }, { code: 'SGST', percentage: '9', amount: 904 }] });
      expect(await downloadPdfText(tenant.as.get(`/api/credit-notes/${note.id}/pdf`))).toContain('CGST 9% INR 9.04');

      const maharashtra = await customer('Sahyadri Foods', { city: 'Pune', state: 'Maharashtra', country: 'IN' }, '27AAPFU0939F1ZV');
      const inter = await oneOff(maharashtra, 250_000, gst18);
      expect(inter).toMatchObject({ subtotal: 250_000, tax: 45_000, total: 295_000, placeOfSupply: '27' });
      expect(inter.taxSummary).toEqual([{ code: 'IGST', percentage: '18', taxable: 250_000, amount: 45_000 }]);
      const interPdf = await downloadPdfText(tenant.as.get(`/api/invoices/${inter.id}/pdf`));
      expect(interPdf).toContain('IGST 18% INR 450.00');
      expect(interPdf).toContain('GSTIN 27AAPFU0939F1ZV');
      expect(interPdf).not.toContain('CGST');

      const exporter = await customer('Mwangi Farms', { city: 'Nairobi', country: 'KE' });
      const exported = await oneOff(exporter, 40_000);
      expect(exported).toMatchObject({ tax: 0, total: 40_000, taxTreatment: 'zero_rated_export', placeOfSupply: null, taxSummary: [] });
      expect(await downloadPdfText(tenant.as.get(`/api/invoices/${exported.id}/pdf`))).toContain('Export of services under LUT');
    });

    it('reports per component and rate what the invoices charged, as JSON and CSV', async () => {
      const invoices = ((await tenant.as.get('/api/invoices?limit=100').expect(200)).body.data as { id: string; subtotal: number; tax: number; status: string }[]).filter((invoice) => invoice.status !== 'void');
      const report = (await tenant.as.get('/api/tax/report?currency=INR&groupBy=range').expect(200)).body;
      expect(report).toMatchObject({ object: 'tax_report', currency: 'INR', groupBy: 'range' });
      const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
      expect(sum(report.supplies.map((row: { tax: number }) => row.tax))).toBe(sum(invoices.map((invoice) => invoice.tax)));
      expect(sum(report.supplies.map((row: { taxable: number }) => row.taxable))).toBe(sum(invoices.map((invoice) => invoice.subtotal)));
      expect(sum(report.components.map((row: { tax: number }) => row.tax))).toBe(sum(invoices.map((invoice) => invoice.tax)));
      expect(report.components).toEqual([
        { month: null, currency: 'INR', code: 'CGST', percentage: '9', invoices: 1, taxable: 10_050, tax: 904 },
        { month: null, currency: 'INR', code: 'IGST', percentage: '18', invoices: 1, taxable: 250_000, tax: 45_000 },
        { month: null, currency: 'INR', code: 'SGST', percentage: '9', invoices: 1, taxable: 10_050, tax: 904 },
      ]);
      expect(report.supplies).toEqual(expect.arrayContaining([{ month: null, currency: 'INR', treatment: 'zero_rated_export', invoices: 1, taxable: 40_000, tax: 0 }]));
      // The credit note on its own rows (taxable value and tax per rate), then netted: the intra-state invoice is fully credited.
      expect(report.creditNotes).toEqual([{ month: null, currency: 'INR', treatment: 'taxable', creditNotes: 1, amount: 11_858, taxable: 10_050, tax: 1_808 }]);
      expect(report.creditNoteComponents).toEqual([
        { month: null, currency: 'INR', code: 'CGST', percentage: '9', creditNotes: 1, taxable: 10_050, tax: 904 },
        { month: null, currency: 'INR', code: 'SGST', percentage: '9', creditNotes: 1, taxable: 10_050, tax: 904 },
      ]);
      expect(report.netComponents).toEqual([
        { month: null, currency: 'INR', code: 'CGST', percentage: '9', taxable: 0, tax: 0 },
        { month: null, currency: 'INR', code: 'IGST', percentage: '18', taxable: 250_000, tax: 45_000 },
        { month: null, currency: 'INR', code: 'SGST', percentage: '9', taxable: 0, tax: 0 },
      ]);

      // By default a row per local month of the tenant's zone (a return is filed per month): all of this one here.
      const original = (await tenant.asAdmin.get('/api/tenants/me').expect(200)).body.timeZone;
      const timeZone = 'Asia/Kolkata';
      await tenant.asAdmin.patch('/api/tenants/me').send({ timeZone }).expect(200);
      const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
      const monthly = (await tenant.as.get('/api/tax/report?currency=INR').expect(200)).body;
      expect(monthly).toMatchObject({ groupBy: 'month', timeZone });
      expect(monthly.components).toEqual(report.components.map((row: object) => ({ ...row, month: thisMonth })));
      expect(monthly.netSupplies.map((row: { month: string }) => row.month)).toEqual(report.netSupplies.map(() => thisMonth));

      const csv = await tenant.as.get('/api/tax/report.csv?currency=INR').expect(200).expect('content-type', /text\/csv/);
      expect(csv.text.split('\n')[0]).toBe('month,section,currency,treatment,code,percentage,count,taxable_value,tax');
      expect(csv.text).toContain(`${thisMonth},tax,INR,taxable,IGST,18,1,250000,45000`);
      expect(csv.text).toContain(`${thisMonth},net_tax,INR,,CGST,9,,0,0`);
      await tenant.as.get('/api/tax/report?currency=RUPEES').expect(400);
      const badGrouping = await tenant.as.get('/api/tax/report?groupBy=quarter').expect(400);
      expect(JSON.stringify(badGrouping.body)).toContain('groupBy');
      await tenant.asAdmin.patch('/api/tenants/me').send({ timeZone: original }).expect(200);
    });

    it('reads with a read-only key, but changes the profile and rates only with tenant admin rights', async () => {
      const readOnly = agent(app, (await tenant.asAdmin.post('/api/tenants/me/api-keys').send({ name: 'reader', mode: 'live', scope: 'read_only' }).expect(201)).body.secret);
      expect((await readOnly.get('/api/tax/profile').expect(200)).body.legalName).toBe('Nimbus Cloud Pvt Ltd');
      await readOnly.get('/api/tax/report').expect(200);
      await readOnly.put('/api/tax/profile').send({ legalName: 'Hijack', country: 'IN' }).expect(403);
      await readOnly.post('/api/tax/rates').send({ name: 'GST 0%', country: 'IN', percentage: '0' }).expect(403);
    });

    it('a used rate is archived, not deleted', async () => {
      const refused = await tenant.as.delete(`/api/tax/rates/${gst18}`).expect(409);
      expect(refused.body.message).toMatch(/archive it/);
      expect((await tenant.as.patch(`/api/tax/rates/${gst18}`).send({ active: false }).expect(200)).body).toMatchObject({ object: 'tax_rate', active: false, percentage: '18' });
      expect((await tenant.as.get('/api/tax/rates?active=true').expect(200)).body).toMatchObject({ object: 'list', data: [{ id: unusedRate }], hasMore: false });
      await tenant.as.delete(`/api/tax/rates/${unusedRate}`).expect(204);
      await tenant.as.get(`/api/tax/rates/${unusedRate}`).expect(404);
      expect((await tenant.as.get('/api/tax/rates').expect(200)).body.data.map((rate: { id: string; active: boolean }) => [rate.id, rate.active])).toEqual([[gst18, false]]);
    });
  });

  describe('a Kenyan tenant at 16 % VAT with inclusive prices', () => {
    let tenant: TenantSession;
    beforeAll(async () => {
      tenant = await registerTenant(app, { defaultCurrency: 'KES' });
      const vat = (await tenant.as.post('/api/tax/rates').send({ name: 'VAT 16%', country: 'KE', percentage: '16' }).expect(201)).body;
      expect(vat.components).toEqual([{ code: 'VAT', percentage: '16' }]);
      await tenant.as
        .put('/api/tax/profile')
        .send({ legalName: 'Savanna Telecom Ltd', country: 'KE', address: { line1: 'Mombasa Road 12', city: 'Nairobi', country: 'KE' }, taxIds: [{ type: 'ke_pin', value: 'P051234567X' }], defaultTaxBehavior: 'inclusive', defaultTaxRateId: vat.id })
        .expect(200);
    });

    async function invoiceFor(name: string, taxStatus?: string): Promise<InvoiceJson> {
      const created = (await tenant.as.post('/api/customers').send({ name, email: `${name.toLowerCase().replace(/\W/g, '')}@example.test`, currency: 'KES', address: { city: 'Nairobi', country: 'KE' }, taxStatus }).expect(201)).body;
      return (await tenant.as.post('/api/invoices').send({ customerId: created.id, lines: [{ description: 'Fibre 50 Mbps', quantity: 1, unitAmount: 116_000 }] }).expect(201)).body;
    }

    it('backs 16 % VAT out of inclusive prices exactly', async () => {
      const invoice = await invoiceFor('Wanjiru');
      expect(invoice).toMatchObject({ subtotal: 100_000, tax: 16_000, total: 116_000, taxTreatment: 'taxable', placeOfSupply: null });
      expect(invoice.taxSummary).toEqual([{ code: 'VAT', percentage: '16', taxable: 100_000, amount: 16_000 }]);
      const pdf = await downloadPdfText(tenant.as.get(`/api/invoices/${invoice.id}/pdf`));
      expect(pdf).toContain('VAT 16% KES 160.00');
      expect(pdf).toContain('KRA PIN P051234567X');
    });

    it('charges exempt and reverse-charge customers nothing, and says why', async () => {
      const exempt = await invoiceFor('UN Office', 'exempt');
      expect(exempt).toMatchObject({ subtotal: 116_000, tax: 0, total: 116_000, taxTreatment: 'exempt', taxNote: 'Exempt supply: no VAT charged' });
      const reverse = await invoiceFor('Importer Ltd', 'reverse_charge');
      expect(reverse).toMatchObject({ tax: 0, taxTreatment: 'reverse_charge', taxNote: expect.stringMatching(/^Reverse charge/) });
      expect(await downloadPdfText(tenant.as.get(`/api/invoices/${reverse.id}/pdf`))).toContain('Reverse charge');

      // A customer's status changes by PATCH, for the invoices issued from then on.
      const customers = (await tenant.as.get('/api/customers?search=Importer').expect(200)).body.data;
      expect((await tenant.as.patch(`/api/customers/${customers[0].id}`).send({ taxStatus: 'taxable' }).expect(200)).body.taxStatus).toBe('taxable');
      await tenant.as.patch(`/api/customers/${customers[0].id}`).send({ taxStatus: 'zero' }).expect(400);
    });
  });

  it('a tenant without a tax profile issues with tax 0, as before', async () => {
    const tenant = await registerTenant(app, { defaultCurrency: 'KES' });
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Plain', email: 'plain@example.test', currency: 'KES' }).expect(201)).body;
    const invoice = (await tenant.as.post('/api/invoices').send({ customerId: customer.id, lines: [{ description: 'Setup', quantity: 1, unitAmount: 5_000 }] }).expect(201)).body;
    expect(invoice).toMatchObject({ subtotal: 5_000, tax: 0, total: 5_000, taxTreatment: null, taxSummary: [], taxSnapshot: null });
  });
});
