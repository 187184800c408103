import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiObject, listOf } from '../common/api-object';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { type PaymentMethodRecord, SavePaymentMethod, listPaymentMethods, removePaymentMethod } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { ParseUuidPipe } from '../common/validation';
import { PageMeta, PageQuery, pageRequest } from '../common/pagination';

export class SavePaymentMethodDto {
  @ApiProperty({ format: 'uuid', description: 'The provider account the token belongs to' }) @IsUUID() accountId!: string;
  @ApiProperty({ description: 'Stripe PaymentMethod id, Razorpay token, Paystack authorization_code, Flutterwave card token. Stored encrypted.' })
  @IsString()
  @Length(4, 500)
  token!: string;
  @ApiPropertyOptional({ description: 'Provider customer id (Stripe cus_…, Razorpay cust_…)' }) @IsOptional() @IsString() @Length(1, 200) providerCustomerId?: string;
}

export class PaymentMethodDto extends ApiObject('payment_method') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ example: 'AUTH_…x9k2' }) tokenHint!: string;
  @ApiProperty() isDefault!: boolean;
  @ApiProperty() createdAt!: Date;

  static from(method: PaymentMethodRecord): PaymentMethodDto {
    const { id, customerId, accountId, tokenHint, isDefault, createdAt } = method;
    return PaymentMethodDto.of({ id, customerId, accountId, tokenHint, isDefault, createdAt });
  }
}

export class PaymentMethodPageDto extends PageMeta {
  @ApiProperty({ type: [PaymentMethodDto] }) data!: PaymentMethodDto[];
}

/** Saved methods a subscription's invoices are charged with automatically (the newest is the default). */
@ApiTags('Payments')
@AllowApiKey()
@Controller('customers/:customerId/payment-methods')
export class PaymentMethodsController {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly savePaymentMethod: SavePaymentMethod,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: PaymentMethodDto })
  @ApiNotFoundResponse({ description: 'No such customer in this tenant' })
  @ApiOperation({ summary: 'Save a payment method for a customer' })
  async save(@Param('customerId', ParseUuidPipe) customerId: string, @Body() body: SavePaymentMethodDto): Promise<PaymentMethodDto> {
    return PaymentMethodDto.from(await this.savePaymentMethod.execute({ customerId, ...body }));
  }

  @Get()
  @ApiOkResponse({ type: PaymentMethodPageDto })
  @ApiNotFoundResponse({ description: 'No such customer in this tenant (another tenant\'s customers answer 404, never an empty list)' })
  @ApiOperation({ summary: 'List a customer\'s saved payment methods' })
  async list(@Param('customerId', ParseUuidPipe) customerId: string, @Query() query: PageQuery): Promise<PaymentMethodPageDto> {
    const page = await listPaymentMethods(await this.tenantDb.connection(), customerId, pageRequest(query));
    return listOf(page, PaymentMethodDto.from);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a saved payment method' })
  async remove(@Param('customerId', ParseUuidPipe) customerId: string, @Param('id', ParseUuidPipe) id: string): Promise<void> {
    await removePaymentMethod(await this.tenantDb.connection(), { customerId, paymentMethodId: id });
  }
}
