import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BillingService, getTaxReport, taxReportCsv, type TaxReportQuery as TaxReportCommand } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { TaxReportDto, TaxReportQuery } from './dto/tax-report.dto';

const commandOf = (query: TaxReportQuery, timeZone?: string): TaxReportCommand => ({ from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined, currency: query.currency, groupBy: query.groupBy, timeZone });
const DESCRIPTION =
  "Per local month of the tenant's time zone (groupBy=month, the default: a GST or VAT return is filed per month) or for the whole range (groupBy=range), and per currency: outward supplies by tax treatment (taxable, zero-rated exports, exempt, reverse charge), tax by component and rate with its taxable value, credit notes issued on their own rows (taxable value and tax per component and rate), and both netted (supplies and output tax less credit notes of the same month). Invoices by the date they were finalized, credit notes by the date they were issued, void ones and drafts excluded. Default period: the last 12 months.";

@ApiTags('Tax')
@AllowApiKey()
@Controller('tax')
export class TaxReportController {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly billing: BillingService,
  ) {}

  @Get('report')
  @ApiOkResponse({ type: TaxReportDto })
  @ApiOperation({ summary: 'Tax summary report of a period (GST/VAT return figures)', description: DESCRIPTION })
  async report(@Query() query: TaxReportQuery): Promise<TaxReportDto> {
    return TaxReportDto.from(await getTaxReport(await this.tenantDb.connection(), commandOf(query, (await this.billing.settings()).timeZone)));
  }

  @Get('report.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The report as CSV: month, section (supply, tax, credit_notes, credit_note_tax, net_supply, net_tax), currency, treatment, code, percentage, count, taxable_value, tax (minor units)', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiOperation({ summary: 'Tax summary report as CSV', description: DESCRIPTION })
  async csv(@Query() query: TaxReportQuery, @Res() reply: FastifyReply): Promise<void> {
    const csv = taxReportCsv(await getTaxReport(await this.tenantDb.connection(), commandOf(query, (await this.billing.settings()).timeZone)));
    await reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="tax-report.csv"').send(csv);
  }
}
