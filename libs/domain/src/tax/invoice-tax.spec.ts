import { computeInvoiceTotals } from '../billing/invoice-totals';
import { planInvoiceTax, gstStateCodeOf, type LineRate } from './invoice-tax';

const GST_18: LineRate = { id: 'gst-18', rate: { numerator: 18n, denominator: 100n }, components: [], behavior: 'exclusive' };
const KE_VAT: LineRate = { id: 'ke-vat', rate: { numerator: 16n, denominator: 100n }, components: [{ code: 'VAT', rate: { numerator: 16n, denominator: 100n } }], behavior: 'exclusive' };
const MUMBAI_SELLER = { country: 'IN', gstin: '27AAPFU0939F1ZV' };

/** The invoice totals of one ₹100.50 line under the plan. */
function taxOf(plan: ReturnType<typeof planInvoiceTax>, unitAmount: bigint) {
  return computeInvoiceTotals('INR', [{ quantity: 1, unitAmount, currency: 'INR', taxes: plan.lines[0]!.components, taxBehavior: plan.lines[0]!.behavior }]);
}

describe('planInvoiceTax', () => {
  it('GST intra-state: ₹100.50 at 18 % is CGST 9.04 + SGST 9.04 (each 9.045 rounded on its own), not 18.09 rounded once', () => {
    const plan = planInvoiceTax(MUMBAI_SELLER, { gstin: '27AAACC1206D1ZG', status: 'taxable' }, [GST_18]);
    expect(plan).toMatchObject({ treatment: 'taxable', placeOfSupply: '27' });
    const totals = taxOf(plan, 10_050n);
    expect(totals.taxes).toEqual([{ code: 'CGST', amount: 904n }, { code: 'SGST', amount: 904n }]);
    expect(totals.total).toBe(11_858n);
  });

  it('GST inter-state: the same line to Tamil Nadu is IGST 18.09', () => {
    const plan = planInvoiceTax(MUMBAI_SELLER, { country: 'IN', gstin: '33AAACH7409R1Z8', status: 'taxable' }, [GST_18]);
    expect(plan.placeOfSupply).toBe('33');
    expect(taxOf(plan, 10_050n).taxes).toEqual([{ code: 'IGST', amount: 1_809n }]);
  });

  it('B2C: the address state decides; with no state on record the supply is where the seller is', () => {
    expect(planInvoiceTax(MUMBAI_SELLER, { country: 'IN', stateCode: gstStateCodeOf('Karnataka'), status: 'taxable' }, [GST_18]).lines[0]!.components.map((c) => c.code)).toEqual(['IGST']);
    expect(planInvoiceTax(MUMBAI_SELLER, { country: 'IN', status: 'taxable' }, [GST_18]).lines[0]!.components.map((c) => c.code)).toEqual(['CGST', 'SGST']);
  });

  it('inclusive GST prices are backed out exactly: ₹1,180.00 is 1,000.00 + 90.00 + 90.00', () => {
    const plan = planInvoiceTax(MUMBAI_SELLER, { country: 'IN', stateCode: '27', status: 'taxable' }, [{ ...GST_18, behavior: 'inclusive' }]);
    expect(taxOf(plan, 118_000n)).toMatchObject({ subtotal: 100_000n, taxTotal: 18_000n, total: 118_000n });
  });

  it('exports, exempt and reverse-charge customers are charged nothing and the invoice says why', () => {
    expect(planInvoiceTax(MUMBAI_SELLER, { country: 'KE', status: 'taxable' }, [GST_18])).toMatchObject({ treatment: 'zero_rated_export', placeOfSupply: null, lines: [{ components: [] }] });
    expect(planInvoiceTax({ country: 'KE' }, { country: 'KE', status: 'exempt' }, [KE_VAT]).treatment).toBe('exempt');
    expect(planInvoiceTax({ country: 'KE' }, { country: 'KE', status: 'reverse_charge' }, [KE_VAT])).toMatchObject({ treatment: 'reverse_charge', note: expect.stringMatching(/^Reverse charge/) });
    expect(planInvoiceTax({ country: 'KE' }, { country: 'UG', taxId: '1000123456', status: 'taxable' }, [KE_VAT]).treatment).toBe('reverse_charge');
  });

  it('VAT: a domestic customer (or one with no country on record) pays the rate; lines without a rate are untaxed', () => {
    const plan = planInvoiceTax({ country: 'KE' }, { status: 'taxable' }, [KE_VAT, null]);
    expect(plan.lines.map((line) => line.components.map((c) => c.code))).toEqual([['VAT'], []]);
    expect(planInvoiceTax({ country: 'KE' }, { status: 'taxable' }, [null])).toMatchObject({ treatment: null, note: null });
  });
});
