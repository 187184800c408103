import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { CURRENCY_CODES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@nova/domain';
import { IsAcceptablePassword } from './acceptable-password';
import { ApiObject } from '../../common/api-object';

const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class RegisterDto {
  @ApiProperty({ example: 'Acme Telecom', description: 'The company name shown on invoices' })
  @IsString()
  @Length(2, 120)
  companyName!: string;

  @ApiProperty({ example: 'acme', description: 'Unique tenant slug: lower-case letters, digits and dashes' })
  @Transform(lowerTrim)
  @IsString()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/, { message: 'slug must be 3-40 lower-case letters, digits or dashes, not starting or ending with a dash' })
  slug!: string;

  @ApiProperty({ example: 'Ada Obi' })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ example: 'ada@acme.example' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: 'At least 10 characters (Unicode code points), not only spaces, and not one of ~10,000 common passwords (compared ignoring case)' })
  @IsAcceptablePassword()
  password!: string;

  @ApiPropertyOptional({ example: 'KES', description: 'ISO 4217 code used when a customer has none' })
  @IsOptional()
  @IsIn(CURRENCY_CODES, { message: 'defaultCurrency must be an ISO 4217 currency code' })
  defaultCurrency?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@acme.example' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  email!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login, register or the previous refresh' })
  @IsString()
  @Length(20, 200)
  refreshToken!: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT for `Authorization: Bearer …`' }) accessToken!: string;
  @ApiProperty({ description: 'Single-use: each refresh returns a new one' }) refreshToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ type: 'integer', description: 'Access token lifetime in seconds' }) expiresIn!: number;
  @ApiProperty({
    description: 'The tenant requires MFA and you have none: until you enrol (POST /api/account/mfa/totp) and refresh or sign in again, this token reaches only /api/account/*; elsewhere 403',
  })
  mfaEnrolmentRequired!: boolean;
}

export class RegisteredTenantDto extends ApiObject('tenant') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() status!: string;
}

export class RegisterResponseDto extends TokenPairDto {
  @ApiProperty({ type: RegisteredTenantDto }) tenant!: RegisteredTenantDto;
}
