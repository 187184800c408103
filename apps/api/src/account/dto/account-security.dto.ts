import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ROLES, TOTP_CODE_PATTERN } from '@nova/domain';
import type { AccountView, TotpEnrolment } from '@nova/tenancy';
import { ApiObject } from '../../common/api-object';

const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class AccountDto extends ApiObject('account') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, enumName: 'AdminRole' }) role!: string;
  @ApiProperty({ description: 'The address was proved (verification, reset, invitation or e-mail change link)' }) emailVerified!: boolean;
  @ApiProperty({ description: 'TOTP two-factor authentication is on' }) mfaEnabled!: boolean;
  @ApiProperty({ type: 'integer', description: 'Unused recovery codes (0 without MFA)' }) recoveryCodesLeft!: number;
  @ApiProperty() createdAt!: Date;

  static from(account: AccountView): AccountDto {
    const { id, tenantId, email, name, role, emailVerified, mfaEnabled, recoveryCodesLeft, createdAt } = account;
    return { object: 'account', id, tenantId, email, name, role, emailVerified, mfaEnabled, recoveryCodesLeft, createdAt };
  }
}

export class PasswordProofDto {
  @ApiProperty({ description: 'The password in use now' })
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456', description: 'A current 6-digit code of the authenticator' })
  @Matches(TOTP_CODE_PATTERN, { message: 'code must be 6 digits' })
  code!: string;
}

export class DisableTotpDto {
  @ApiPropertyOptional({ example: '123456', description: 'A current 6-digit code (give this or password)' })
  @IsOptional()
  @Matches(TOTP_CODE_PATTERN, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({ description: 'The password in use now (give this or code)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  password?: string;
}

export class TotpEnrolmentDto extends ApiObject('totp_enrolment') {
  @ApiProperty({ description: 'Base32 secret, shown once, for typing into an authenticator' }) secret!: string;
  @ApiProperty({ description: 'otpauth://totp/… URI for a QR code' }) otpauthUri!: string;

  static from(enrolment: TotpEnrolment): TotpEnrolmentDto {
    return { object: 'totp_enrolment', secret: enrolment.secret, otpauthUri: enrolment.otpauthUri };
  }
}

export class RecoveryCodesDto extends ApiObject('recovery_codes') {
  @ApiProperty({ type: [String], description: 'Ten single-use codes, shown only now: each signs in once instead of a TOTP code' }) codes!: string[];

  static from(codes: string[]): RecoveryCodesDto {
    return { object: 'recovery_codes', codes };
  }
}

export class RequestEmailChangeDto {
  @ApiProperty({ example: 'ada@new.example', description: 'The address to sign in with once confirmed' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'newEmail must be a valid e-mail address' })
  @MaxLength(254)
  newEmail!: string;

  @ApiProperty({ description: 'The password in use now' })
  @IsString()
  @Length(1, 200)
  password!: string;
}
