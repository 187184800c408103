import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { TaxReport } from '@nova/billing';
import { CURRENCY_CODES, TAX_REPORT_GROUPINGS, TAX_REPORT_GROUPING_DEFAULT, type TaxReportGrouping } from '@nova/domain';
import { PeriodQuery } from '../../analytics/dto/analytics.dto';
import { ApiObject } from '../../common/api-object';

const MONTH = { nullable: true, type: String, example: '2026-10', description: "YYYY-MM, the tenant's local month (time zone); null when groupBy is range" } as const;

export class TaxReportQuery extends PeriodQuery {
  @ApiPropertyOptional({ example: 'INR', description: 'ISO 4217; omitted: every currency, each on its own rows' })
  @IsOptional()
  @IsIn(CURRENCY_CODES, { message: 'currency must be an ISO 4217 currency code' })
  currency?: string;

  @ApiPropertyOptional({
    enum: TAX_REPORT_GROUPINGS,
    enumName: 'TaxReportGrouping',
    default: TAX_REPORT_GROUPING_DEFAULT,
    description: "month: rows per local month of the tenant's time zone (a return is filed per month); range: the whole range at once",
  })
  @IsOptional()
  @IsIn(TAX_REPORT_GROUPINGS, { message: `groupBy must be one of ${TAX_REPORT_GROUPINGS.join(', ')}` })
  groupBy?: TaxReportGrouping;
}

export class TaxSupplyDto {
  @ApiProperty(MONTH) month!: string | null;
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ example: 'taxable', description: 'taxable, zero_rated_export, exempt, reverse_charge, or untaxed (issued without tax)' }) treatment!: string;
  @ApiProperty({ type: 'integer' }) invoices!: number;
  @ApiProperty({ type: 'integer', description: 'Taxable value, minor units (tax-inclusive prices backed out)' }) taxable!: number;
  @ApiProperty({ type: 'integer', description: 'Tax charged, minor units' }) tax!: number;
}

export class TaxComponentDto {
  @ApiProperty(MONTH) month!: string | null;
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ example: 'CGST' }) code!: string;
  @ApiProperty({ example: '9', description: 'Exact decimal per cent' }) percentage!: string;
  @ApiProperty({ type: 'integer' }) invoices!: number;
  @ApiProperty({ type: 'integer', description: 'Taxable value this component was charged on, minor units' }) taxable!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) tax!: number;
}

export class TaxCreditNotesDto {
  @ApiProperty(MONTH) month!: string | null;
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ example: 'taxable', description: "The credited invoices' treatment (as in supplies)" }) treatment!: string;
  @ApiProperty({ type: 'integer' }) creditNotes!: number;
  @ApiProperty({ type: 'integer', description: 'Credited, tax included, minor units' }) amount!: number;
  @ApiProperty({ type: 'integer', description: 'The taxable value taken back (amount less tax), minor units' }) taxable!: number;
  @ApiProperty({ type: 'integer', description: 'The tax inside it, minor units' }) tax!: number;
}

export class TaxCreditNoteComponentDto {
  @ApiProperty(MONTH) month!: string | null;
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ example: 'CGST' }) code!: string;
  @ApiProperty({ example: '9', description: 'Exact decimal per cent' }) percentage!: string;
  @ApiProperty({ type: 'integer' }) creditNotes!: number;
  @ApiProperty({ type: 'integer', description: 'Taxable value credited at this component and rate, minor units' }) taxable!: number;
  @ApiProperty({ type: 'integer', description: 'Tax taken back, minor units' }) tax!: number;
}

export class TaxNetSupplyDto {
  @ApiProperty(MONTH) month!: string | null;
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ example: 'taxable' }) treatment!: string;
  @ApiProperty({ type: 'integer', description: 'Taxable value less credit notes, minor units (negative when the credit notes exceed the supplies)' }) taxable!: number;
  @ApiProperty({ type: 'integer', description: 'Tax less the tax credited, minor units' }) tax!: number;
}

export class TaxNetComponentDto {
  @ApiProperty(MONTH) month!: string | null;
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ example: 'CGST' }) code!: string;
  @ApiProperty({ example: '9', description: 'Exact decimal per cent' }) percentage!: string;
  @ApiProperty({ type: 'integer', description: 'Taxable value less what credit notes took back, minor units' }) taxable!: number;
  @ApiProperty({ type: 'integer', description: 'Output tax due: charged less credited, minor units' }) tax!: number;
}

export class TaxReportDto extends ApiObject('tax_report') {
  @ApiProperty({ description: 'Start (inclusive)' }) from!: Date;
  @ApiProperty({ description: 'End (exclusive)' }) to!: Date;
  @ApiProperty({ nullable: true, type: String }) currency!: string | null;
  @ApiProperty({ enum: TAX_REPORT_GROUPINGS, enumName: 'TaxReportGrouping' }) groupBy!: TaxReportGrouping;
  @ApiProperty({ example: 'Asia/Kolkata', description: "The tenant's IANA zone, in which the months are counted" }) timeZone!: string;
  @ApiProperty({ type: [TaxSupplyDto], description: 'Outward supplies per month, currency and tax treatment' }) supplies!: TaxSupplyDto[];
  @ApiProperty({ type: [TaxComponentDto], description: 'Tax per month, currency, component and rate' }) components!: TaxComponentDto[];
  @ApiProperty({ type: [TaxCreditNotesDto], description: 'Credit notes issued, per month (of issue), currency and treatment: their own rows, as GSTR-1 shows them' }) creditNotes!: TaxCreditNotesDto[];
  @ApiProperty({ type: [TaxCreditNoteComponentDto], description: 'The taxable value and tax those credit notes took back, per month, currency, component and rate' })
  creditNoteComponents!: TaxCreditNoteComponentDto[];
  @ApiProperty({ type: [TaxNetSupplyDto], description: 'Supplies less credit notes of the same month, currency and treatment (GSTR-3B 3.1, VAT3)' }) netSupplies!: TaxNetSupplyDto[];
  @ApiProperty({ type: [TaxNetComponentDto], description: 'Tax less the tax credited in the same month, per currency, component and rate: the output tax to declare' })
  netComponents!: TaxNetComponentDto[];

  static from(report: TaxReport): TaxReportDto {
    const money = <R extends { taxable: bigint; tax: bigint }>(row: R) => ({ ...row, taxable: Number(row.taxable), tax: Number(row.tax) });
    return {
      object: 'tax_report',
      from: report.from,
      to: report.to,
      currency: report.currency,
      groupBy: report.groupBy,
      timeZone: report.timeZone,
      supplies: report.supplies.map(money),
      components: report.components.map(money),
      creditNotes: report.creditNotes.map((row) => ({ ...money(row), amount: Number(row.amount) })),
      creditNoteComponents: report.creditNoteComponents.map(money),
      netSupplies: report.netSupplies.map(money),
      netComponents: report.netComponents.map(money),
    };
  }
}
