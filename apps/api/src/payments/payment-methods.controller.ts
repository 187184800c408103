import { DomainError } from '@nova/domain';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ProviderAccounts, SavedMethodSealer, saveCustomerMethod } from '@nova/billing';
import { inTransaction } from '@nova/common';
import { PaymentMethod } from '@nova/tenant-db';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { ParseUuidPipe } from '../common/validation';

export class SavePaymentMethodDto {
  @ApiProperty({ format: 'uuid', description: 'The provider account the token belongs to' }) @IsUUID() accountId!: string;
  @ApiProperty({ description: 'Stripe PaymentMethod id, Razorpay token, Paystack authorization_code, Flutterwave card token. Stored encrypted.' })
  @IsString()
  @Length(4, 500)
  token!: string;
  @ApiPropertyOptional({ description: 'Provider customer id (Stripe cus_…, Razorpay cust_…)' }) @IsOptional() @IsString() @Length(1, 200) providerCustomerId?: string;
}

export class PaymentMethodDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ example: 'AUTH_…x9k2' }) tokenHint!: string;
  @ApiProperty() isDefault!: boolean;
  @ApiProperty() createdAt!: Date;

  static from(method: PaymentMethod): PaymentMethodDto {
    const { id, customerId, accountId, tokenHint, isDefault, createdAt } = method;
    return { id, customerId, accountId, tokenHint, isDefault, createdAt };
  }
}

/** Saved methods a subscription's invoices are charged with automatically (the newest is the default). */
@ApiTags('Payments')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('customers/:customerId/payment-methods')
export class PaymentMethodsController {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
    private readonly sealer: SavedMethodSealer,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: PaymentMethodDto })
  @ApiNotFoundResponse({ description: 'No such customer in this tenant' })
  async save(@Param('customerId', ParseUuidPipe) customerId: string, @Body() body: SavePaymentMethodDto): Promise<PaymentMethodDto> {
    const prisma = await this.db.client();
    await this.requireCustomer(customerId);
    const account = await this.accounts.find(body.accountId);
    if (!account?.account.active) throw DomainError.validation('accountId', 'must name an active payment provider account');
    if (account.account.provider === 'mpesa') throw DomainError.validation('accountId', 'M-Pesa has no saved payment methods');
    const sealed = this.sealer.seal(body.accountId, { token: body.token, customerId: body.providerCustomerId });
    const { pool } = await this.db.connection();
    const saved = await inTransaction(pool, (client) => saveCustomerMethod(client, customerId, body.accountId, sealed));
    const method = await prisma.paymentMethod.findUniqueOrThrow({ where: { id: saved.id } });
    return PaymentMethodDto.from(method);
  }

  @Get()
  @ApiOkResponse({ type: [PaymentMethodDto] })
  @ApiNotFoundResponse({ description: 'No such customer in this tenant (another tenant\'s customers answer 404, never an empty list)' })
  async list(@Param('customerId', ParseUuidPipe) customerId: string): Promise<PaymentMethodDto[]> {
    const prisma = await this.db.client();
    await this.requireCustomer(customerId);
    return (await prisma.paymentMethod.findMany({ where: { customerId }, orderBy: { createdAt: 'desc' } })).map(PaymentMethodDto.from);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async remove(@Param('customerId', ParseUuidPipe) customerId: string, @Param('id', ParseUuidPipe) id: string): Promise<void> {
    const prisma = await this.db.client();
    const { count } = await prisma.paymentMethod.deleteMany({ where: { id, customerId } });
    if (count === 0) throw DomainError.notFound('Payment method', id);
  }

  /** A customer id of another tenant (or none) is a 404, like every other id. */
  private async requireCustomer(customerId: string): Promise<void> {
    const prisma = await this.db.client();
    if (!(await prisma.customer.findUnique({ where: { id: customerId }, select: { id: true } }))) throw DomainError.notFound('Customer', customerId);
  }
}
