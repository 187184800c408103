import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import { createPlan, createPrice, deletePlan, getPlan, listPlanPrices, listPlans, updatePlan } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { CreatePlanDto, CreatePriceDto, PlanDto, PlanPageDto, PlanWithPricesDto, PriceDto, PricePageDto, UpdatePlanDto } from './dto/plan.dto';
import { PageQuery, pageRequest } from '../common/pagination';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Plans and prices')
@AllowApiKey()
@Controller('plans')
export class PlansController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Post()
  @ApiCreatedResponse({ type: PlanDto })
  @ApiOperation({ summary: 'Create a plan' })
  async create(@Body() body: CreatePlanDto): Promise<PlanDto> {
    return PlanDto.from(await createPlan(await this.tenantDb.connection(), body));
  }

  @Get()
  @ApiOkResponse({ type: PlanPageDto })
  @ApiOperation({ summary: 'List plans with their prices (cursor pagination, newest first)' })
  async list(@Query() query: PageQuery): Promise<PlanPageDto> {
    const page = await listPlans(await this.tenantDb.connection(), pageRequest(query));
    return listOf(page, PlanWithPricesDto.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: PlanWithPricesDto })
  @ApiOperation({ summary: 'Get a plan with its prices' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<PlanWithPricesDto> {
    return PlanWithPricesDto.from(await getPlan(await this.tenantDb.connection(), id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: PlanDto })
  @ApiOperation({ summary: 'Update a plan' })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdatePlanDto): Promise<PlanDto> {
    return PlanDto.from(await updatePlan(await this.tenantDb.connection(), { ...body, id }));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted (only plans nobody subscribed to)' })
  @ApiOperation({ summary: 'Delete a plan' })
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await deletePlan(await this.tenantDb.connection(), id);
  }

  @Post(':id/prices')
  @ApiCreatedResponse({ type: PriceDto })
  @ApiOperation({ summary: 'Add a price to a plan' })
  async addPrice(@Param('id', ParseUuidPipe) id: string, @Body() body: CreatePriceDto): Promise<PriceDto> {
    return PriceDto.from(await createPrice(await this.tenantDb.connection(), { ...body, planId: id, unitAmount: body.unitAmount === undefined ? undefined : BigInt(body.unitAmount) }));
  }

  @Get(':id/prices')
  @ApiOkResponse({ type: PricePageDto })
  @ApiOperation({ summary: 'List a plan\'s prices (cursor pagination, newest first)' })
  async prices(@Param('id', ParseUuidPipe) id: string, @Query() query: PageQuery): Promise<PricePageDto> {
    const page = await listPlanPrices(await this.tenantDb.connection(), id, pageRequest(query));
    return listOf(page, PriceDto.from);
  }
}
