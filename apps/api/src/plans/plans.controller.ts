import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowApiKey } from '../auth/auth.decorators';
import { CreatePlanDto, CreatePriceDto, PlanDto, PlanWithPricesDto, PriceDto, UpdatePlanDto } from './dto/plan.dto';
import { PlansService } from './plans.service';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Plans and prices')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post()
  @ApiCreatedResponse({ type: PlanDto })
  async create(@Body() body: CreatePlanDto): Promise<PlanDto> {
    return PlanDto.from(await this.plans.create(body));
  }

  @Get()
  @ApiOkResponse({ type: [PlanWithPricesDto] })
  async list(): Promise<PlanWithPricesDto[]> {
    return (await this.plans.list()).map((plan) => ({ ...PlanDto.from(plan), prices: plan.prices.map(PriceDto.from) }));
  }

  @Get(':id')
  @ApiOkResponse({ type: PlanWithPricesDto })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<PlanWithPricesDto> {
    const plan = await this.plans.get(id);
    return { ...PlanDto.from(plan), prices: plan.prices.map(PriceDto.from) };
  }

  @Patch(':id')
  @ApiOkResponse({ type: PlanDto })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdatePlanDto): Promise<PlanDto> {
    return PlanDto.from(await this.plans.update(id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted (only plans nobody subscribed to)' })
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await this.plans.remove(id);
  }

  @Post(':id/prices')
  @ApiCreatedResponse({ type: PriceDto })
  async addPrice(@Param('id', ParseUuidPipe) id: string, @Body() body: CreatePriceDto): Promise<PriceDto> {
    return PriceDto.from(await this.plans.addPrice(id, body));
  }

  @Get(':id/prices')
  @ApiOkResponse({ type: [PriceDto] })
  async prices(@Param('id', ParseUuidPipe) id: string): Promise<PriceDto[]> {
    return (await this.plans.prices(id)).map(PriceDto.from);
  }
}
