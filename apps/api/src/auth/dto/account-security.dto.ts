import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, RECOVERY_CODE_LENGTH, TOTP_CODE_PATTERN } from '@nova/domain';
import { IsAcceptablePassword } from './acceptable-password';
import { ApiObject } from '../../common/api-object';

const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const PASSWORD_RULE = 'At least 10 characters (Unicode code points), not only spaces, and not one of ~10,000 common passwords';

/** The single-use secret from an account e-mail (the line `token: …`). */
export class AccountTokenDto {
  @ApiProperty({ description: 'The token from the e-mail (single use)', minLength: 20, maxLength: 200 })
  @IsString()
  @Length(20, 200)
  token!: string;
}

export class AcceptInvitationDto extends AccountTokenDto {
  @ApiProperty({ example: 'Bola Ade', description: 'Your name as the team sees it' })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: PASSWORD_RULE })
  @IsAcceptablePassword()
  password!: string;
}

export class RequestPasswordResetDto {
  @ApiProperty({ example: 'ada@acme.example', description: 'The sign-in address; the answer is the same whether or not an account has it' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;
}

export class ConfirmPasswordResetDto extends AccountTokenDto {
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: PASSWORD_RULE })
  @IsAcceptablePassword()
  newPassword!: string;
}

export class CompleteMfaLoginDto {
  @ApiProperty({ description: 'The challengeToken of the login answer (single use, 5 minutes)', minLength: 20, maxLength: 200 })
  @IsString()
  @Length(20, 200)
  challengeToken!: string;

  @ApiPropertyOptional({ example: '123456', description: 'A current 6-digit code of the authenticator (give this or recoveryCode)' })
  @IsOptional()
  @Matches(TOTP_CODE_PATTERN, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({ example: 'ab3de-fg7hk', description: 'One of the recovery codes (each works once; case and dashes do not matter)' })
  @IsOptional()
  @IsString()
  @Length(RECOVERY_CODE_LENGTH, RECOVERY_CODE_LENGTH + 4)
  recoveryCode?: string;
}

/** A login with MFA on: no tokens yet, a challenge to complete at POST /api/auth/login/mfa. */
export class MfaChallengeDto extends ApiObject('mfa_challenge') {
  @ApiProperty({ description: 'Send it with a code to POST /api/auth/login/mfa; single use' }) challengeToken!: string;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ enum: ['totp', 'recovery_code'], enumName: 'MfaMethod', isArray: true }) methods!: ('totp' | 'recovery_code')[];
}
