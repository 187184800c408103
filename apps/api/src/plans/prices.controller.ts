import { Body, Controller, Param, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { updatePrice } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { ParseUuidPipe } from '../common/validation';
import { PriceDto, UpdatePriceDto } from './dto/plan.dto';

/** A price by its own id (prices are created and listed under their plan). */
@ApiTags('Plans and prices')
@AllowApiKey()
@Controller('prices')
export class PricesController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Patch(':id')
  @ApiOkResponse({ type: PriceDto })
  @ApiOperation({ summary: 'Update a price', description: 'Nickname, active and metadata (merged: keys given are set, a key given "" is removed)' })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdatePriceDto): Promise<PriceDto> {
    return PriceDto.from(await updatePrice(await this.tenantDb.connection(), { id, ...body }));
  }
}
