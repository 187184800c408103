import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createTaxRate, deleteTaxRate, getTaxProfile, getTaxRate, listTaxRates, putTaxProfile, updateTaxRate } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey, TenantAdmin } from '../auth/auth.decorators';
import { ApiErrors } from '../common/openapi';
import { pageRequest } from '../common/pagination';
import { ParseUuidPipe } from '../common/validation';
import { CreateTaxRateDto, ListTaxRatesQuery, PutTaxProfileDto, TaxProfileDto, TaxRateDto, TaxRatePageDto, UpdateTaxRateDto } from './dto/tax.dto';

/** The tenant as a seller, and its tax rates: read by anyone with read access, changed by owners and admins. */
@ApiTags('Tax')
@AllowApiKey()
@Controller('tax')
export class TaxController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Get('profile')
  @ApiOkResponse({ type: TaxProfileDto })
  @ApiOperation({ summary: 'Get the tax profile', description: 'Who the tenant is as a seller; 404 until one is put (and until then invoices carry no tax).' })
  async getProfile(): Promise<TaxProfileDto> {
    return TaxProfileDto.from(await getTaxProfile(await this.tenantDb.connection()));
  }

  @Put('profile')
  @TenantAdmin()
  @ApiOkResponse({ type: TaxProfileDto })
  @ApiOperation({ summary: 'Create or replace the tax profile', description: 'Legal name, address, country, registrations (validated: GSTIN checksum and state), default tax behaviour and rate. Invoices issued from now on are taxed by it; issued ones keep their snapshot.' })
  async putProfile(@Body() body: PutTaxProfileDto): Promise<TaxProfileDto> {
    return TaxProfileDto.from(await putTaxProfile(await this.tenantDb.connection(), body));
  }

  @Post('rates')
  @TenantAdmin()
  @ApiCreatedResponse({ type: TaxRateDto })
  @ApiOperation({ summary: 'Create a tax rate', description: 'An exact per cent; VAT rates list the levies they stack, GST rates are split per sale (CGST + SGST or IGST).' })
  async createRate(@Body() body: CreateTaxRateDto): Promise<TaxRateDto> {
    return TaxRateDto.from(await createTaxRate(await this.tenantDb.connection(), body));
  }

  @Get('rates')
  @ApiOkResponse({ type: TaxRatePageDto })
  @ApiOperation({ summary: 'List tax rates', description: 'Newest first; `active` filters archived ones in or out.' })
  async listRates(@Query() query: ListTaxRatesQuery): Promise<TaxRatePageDto> {
    const page = await listTaxRates(await this.tenantDb.connection(), { ...pageRequest(query), active: query.active === undefined ? undefined : query.active === 'true' });
    return { object: 'list', ...page, data: page.data.map(TaxRateDto.from) };
  }

  @Get('rates/:id')
  @ApiOkResponse({ type: TaxRateDto })
  @ApiOperation({ summary: 'Get a tax rate' })
  async getRate(@Param('id', ParseUuidPipe) id: string): Promise<TaxRateDto> {
    return TaxRateDto.from(await getTaxRate(await this.tenantDb.connection(), id));
  }

  @Patch('rates/:id')
  @TenantAdmin()
  @ApiOkResponse({ type: TaxRateDto })
  @ApiOperation({ summary: 'Update or archive a tax rate', description: 'Name, description, behaviour, or `active: false` to archive it. The percentage never changes: create a new rate.' })
  async updateRate(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateTaxRateDto): Promise<TaxRateDto> {
    return TaxRateDto.from(await updateTaxRate(await this.tenantDb.connection(), { ...body, id }));
  }

  @Delete('rates/:id')
  @TenantAdmin()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiErrors(409)
  @ApiNoContentResponse({ description: 'Deleted (only rates nothing uses)' })
  @ApiOperation({ summary: 'Delete an unused tax rate', description: 'A rate used by an invoice, a product, a price or the profile answers 409: archive it instead.' })
  async deleteRate(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await deleteTaxRate(await this.tenantDb.connection(), id);
  }
}
