import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { TaxReport } from '@nova/billing';
import { CURRENCY_CODES } from '@nova/domain';
import { PeriodQuery } from '../../analytics/dto/analytics.dto';
import { ApiObject } from '../../common/api-object';

export class TaxReportQuery extends PeriodQuery {
  @ApiPropertyOptional({ example: 'INR', description: 'ISO 4217; omitted: every currency, each on its own rows' })
  @IsOptional()
  @IsIn(CURRENCY_CODES, { message: 'currency must be an ISO 4217 currency code' })
  currency?: string;
}

export class TaxSupplyDto {
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ example: 'taxable', description: 'taxable, zero_rated_export, exempt, reverse_charge, or untaxed (issued without tax)' }) treatment!: string;
  @ApiProperty({ type: 'integer' }) invoices!: number;
  @ApiProperty({ type: 'integer', description: 'Taxable value, minor units (tax-inclusive prices backed out)' }) taxable!: number;
  @ApiProperty({ type: 'integer', description: 'Tax charged, minor units' }) tax!: number;
}

export class TaxComponentDto {
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ example: 'CGST' }) code!: string;
  @ApiProperty({ example: '9', description: 'Exact decimal per cent' }) percentage!: string;
  @ApiProperty({ type: 'integer' }) invoices!: number;
  @ApiProperty({ type: 'integer', description: 'Taxable value this component was charged on, minor units' }) taxable!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) tax!: number;
}

export class TaxCreditNotesDto {
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ type: 'integer' }) creditNotes!: number;
  @ApiProperty({ type: 'integer', description: 'Credited, tax included, minor units' }) amount!: number;
  @ApiProperty({ type: 'integer', description: 'The tax inside it, minor units' }) tax!: number;
}

export class TaxCreditNoteComponentDto {
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ example: 'CGST' }) code!: string;
  @ApiProperty({ example: '9', description: 'Exact decimal per cent' }) percentage!: string;
  @ApiProperty({ type: 'integer' }) creditNotes!: number;
  @ApiProperty({ type: 'integer', description: 'Tax taken back, minor units' }) tax!: number;
}

export class TaxReportDto extends ApiObject('tax_report') {
  @ApiProperty({ description: 'Start (inclusive)' }) from!: Date;
  @ApiProperty({ description: 'End (exclusive)' }) to!: Date;
  @ApiProperty({ nullable: true, type: String }) currency!: string | null;
  @ApiProperty({ type: [TaxSupplyDto], description: 'Outward supplies per currency and tax treatment' }) supplies!: TaxSupplyDto[];
  @ApiProperty({ type: [TaxComponentDto], description: 'Tax per currency, component and rate' }) components!: TaxComponentDto[];
  @ApiProperty({ type: [TaxCreditNotesDto], description: 'Credit notes issued in the period, per currency' }) creditNotes!: TaxCreditNotesDto[];
  @ApiProperty({ type: [TaxCreditNoteComponentDto], description: 'The tax those credit notes took back, per currency, component and rate' }) creditNoteComponents!: TaxCreditNoteComponentDto[];

  static from(report: TaxReport): TaxReportDto {
    return {
      object: 'tax_report',
      from: report.from,
      to: report.to,
      currency: report.currency,
      supplies: report.supplies.map((row) => ({ ...row, taxable: Number(row.taxable), tax: Number(row.tax) })),
      components: report.components.map((row) => ({ ...row, taxable: Number(row.taxable), tax: Number(row.tax) })),
      creditNotes: report.creditNotes.map((row) => ({ ...row, amount: Number(row.amount), tax: Number(row.tax) })),
      creditNoteComponents: report.creditNoteComponents.map((row) => ({ ...row, tax: Number(row.tax) })),
    };
  }
}
