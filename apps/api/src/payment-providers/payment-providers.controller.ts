import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminRole } from '@nova/central-db';
import { Roles } from '../auth/auth.decorators';
import { CreatePaymentProviderDto, CredentialTestDto, PaymentProviderDto, PaymentProviderListDto, UpdatePaymentProviderDto } from './dto/payment-provider.dto';
import { PaymentProvidersService } from './payment-providers.service';
import { ParseUuidPipe } from '../common/validation';

/** The tenant's own provider accounts. Credentials are admin business: JWT owners/admins only. */
@ApiTags('Payment providers')
@ApiBearerAuth('jwt')
@Roles(AdminRole.owner, AdminRole.admin)
@Controller('payment-providers')
export class PaymentProvidersController {
  constructor(private readonly providers: PaymentProvidersService) {}

  @Post()
  @ApiCreatedResponse({ type: PaymentProviderDto })
  create(@Body() body: CreatePaymentProviderDto): Promise<PaymentProviderDto> {
    return this.providers.create(body);
  }

  @Get()
  @ApiOkResponse({ type: PaymentProviderListDto })
  async list(): Promise<PaymentProviderListDto> {
    return { data: await this.providers.list() };
  }

  @Get(':id')
  @ApiOkResponse({ type: PaymentProviderDto })
  get(@Param('id', ParseUuidPipe) id: string): Promise<PaymentProviderDto> {
    return this.providers.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: PaymentProviderDto })
  update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdatePaymentProviderDto): Promise<PaymentProviderDto> {
    return this.providers.update(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    return this.providers.remove(id);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CredentialTestDto, description: 'Makes a cheap authenticated call to the provider with the stored credentials' })
  test(@Param('id', ParseUuidPipe) id: string): Promise<CredentialTestDto> {
    return this.providers.test(id);
  }
}
