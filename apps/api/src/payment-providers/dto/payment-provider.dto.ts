import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, Length } from 'class-validator';
import { CURRENCY_CODES } from '@nova/domain';
import { PROVIDER_NAMES } from '@nova/payments';
import { ApiObject } from '../../common/api-object';
import { PageMeta } from '../../common/pagination';

export class CreatePaymentProviderDto {
  @ApiProperty({ enum: PROVIDER_NAMES, enumName: 'PaymentProviderName' }) @IsIn(PROVIDER_NAMES, { message: `provider must be one of ${PROVIDER_NAMES.join(', ')}` }) provider!: string;

  @ApiPropertyOptional({ example: 'Paystack Nigeria' }) @IsOptional() @IsString() @Length(1, 100) name?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The provider\'s API credentials: stripe/paystack/flutterwave `{ secretKey }`; razorpay `{ keyId, keySecret }`; mpesa `{ consumerKey, consumerSecret, shortcode, passkey, … }`. Stored encrypted, never returned.',
  })
  @IsObject()
  credentials!: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Webhook signing secret (Stripe whsec_…, Razorpay, Flutterwave secret hash). Paystack signs with the secret key; M-Pesa gets a random callback token.',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  @IsOptional()
  webhookSecret?: string | string[];

  @ApiPropertyOptional({ type: [String], example: ['NGN'], description: 'Make this account the default collector for these currencies' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn(CURRENCY_CODES, { each: true, message: 'defaultForCurrencies must hold ISO 4217 currency codes' })
  defaultForCurrencies?: string[];
}

export class UpdatePaymentProviderDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() credentials?: Record<string, unknown>;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }) @IsOptional() webhookSecret?: string | string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ type: [String], description: 'Replaces the currencies this account is the default for' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn(CURRENCY_CODES, { each: true, message: 'defaultForCurrencies must hold ISO 4217 currency codes' })
  defaultForCurrencies?: string[];
}

export class PaymentProviderDto extends ApiObject('payment_provider_account') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PROVIDER_NAMES, enumName: 'PaymentProviderName' }) provider!: string;
  @ApiProperty() name!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { secretKey: 'sk_test_…1234' }, description: 'Masked credentials' })
  credentialHints!: Record<string, string>;
  @ApiProperty({ nullable: true, type: String, example: 'whsec_…cdef' }) webhookSecretHint!: string | null;
  @ApiProperty({ description: 'Configure this URL at the provider (M-Pesa: set automatically on each request)' }) webhookUrl!: string;
  @ApiProperty({ type: [String] }) defaultForCurrencies!: string[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class PaymentProviderListDto extends PageMeta {
  @ApiProperty({ type: [PaymentProviderDto] }) data!: PaymentProviderDto[];
}

export class CredentialTestDto {
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional() reason?: string;
}

