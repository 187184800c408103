import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BillingService, getTaxReport, taxReportCsv, type TaxReportQuery as TaxReportCommand } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { TaxReportDto, TaxReportQuery } from './dto/tax-report.dto';

const commandOf = (query: TaxReportQuery, timeZone?: string): TaxReportCommand => ({ from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined, currency: query.currency, timeZone });
const DESCRIPTION = 'Per currency: outward supplies by tax treatment (taxable, zero-rated exports, exempt, reverse charge), tax by component and rate with its taxable value, and credit notes issued; invoices by issue date, void ones excluded. Default period: the last 12 months.';

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
  @ApiOkResponse({ description: 'The report as CSV: section, currency, treatment, code, percentage, count, taxable_value, tax (minor units)', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiOperation({ summary: 'Tax summary report as CSV', description: DESCRIPTION })
  async csv(@Query() query: TaxReportQuery, @Res() reply: FastifyReply): Promise<void> {
    const csv = taxReportCsv(await getTaxReport(await this.tenantDb.connection(), commandOf(query, (await this.billing.settings()).timeZone)));
    await reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="tax-report.csv"').send(csv);
  }
}
