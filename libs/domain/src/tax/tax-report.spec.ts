import { isTaxReportGrouping, netTaxFigures } from './tax-report';

type Row = { month: string | null; currency: string; code: string; percentage: string; taxable: bigint; tax: bigint };
const rate = (row: Row) => `${row.code} ${row.percentage}`;

describe('tax report: net figures of a return', () => {
  it('takes credit notes off the month they were issued in, per currency, component and rate', () => {
    const charged: Row[] = [
      { month: '2026-01', currency: 'INR', code: 'CGST', percentage: '9', taxable: 110_049n, tax: 9_904n },
      { month: '2026-01', currency: 'INR', code: 'SGST', percentage: '9', taxable: 110_049n, tax: 9_904n },
      { month: '2026-02', currency: 'INR', code: 'IGST', percentage: '18', taxable: 250_000n, tax: 45_000n },
      { month: '2026-02', currency: 'KES', code: 'VAT', percentage: '16', taxable: 10_000n, tax: 1_600n },
    ];
    const credited: Row[] = [
      // February's credit note on a January invoice: February's IGST goes down, January's CGST is untouched.
      { month: '2026-02', currency: 'INR', code: 'IGST', percentage: '18', taxable: 25_000n, tax: 4_500n },
      // A rate February charged nothing at: negative, as the return shows it.
      { month: '2026-02', currency: 'INR', code: 'CGST', percentage: '9', taxable: 1_000n, tax: 90n },
    ];
    expect(netTaxFigures(charged, credited, rate)).toEqual([
      { month: '2026-01', currency: 'INR', key: 'CGST 9', taxable: 110_049n, tax: 9_904n },
      { month: '2026-01', currency: 'INR', key: 'SGST 9', taxable: 110_049n, tax: 9_904n },
      { month: '2026-02', currency: 'INR', key: 'IGST 18', taxable: 225_000n, tax: 40_500n },
      { month: '2026-02', currency: 'INR', key: 'CGST 9', taxable: -1_000n, tax: -90n },
      { month: '2026-02', currency: 'KES', key: 'VAT 16', taxable: 10_000n, tax: 1_600n },
    ]);
  });

  it('nets the whole range at once when not grouped by month', () => {
    const charged: Row[] = [{ month: null, currency: 'KES', code: 'VAT', percentage: '16', taxable: 10_000n, tax: 1_600n }];
    const credited: Row[] = [{ month: null, currency: 'KES', code: 'VAT', percentage: '16', taxable: 10_000n, tax: 1_600n }];
    expect(netTaxFigures(charged, credited, rate)).toEqual([{ month: null, currency: 'KES', key: 'VAT 16', taxable: 0n, tax: 0n }]);
  });

  it('knows its groupings', () => {
    expect(isTaxReportGrouping('month')).toBe(true);
    expect(isTaxReportGrouping('range')).toBe(true);
    expect(isTaxReportGrouping('quarter')).toBe(false);
  });
});
