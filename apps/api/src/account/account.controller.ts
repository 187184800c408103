import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import { PageQuery, pageRequest } from '../common/pagination';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@nova/domain';
import { CentralDb } from '@nova/central-db';
import {
  CentralAuditLog,
  ChangePassword,
  ConfirmTotpEnrolment,
  DisableTotp,
  RegenerateRecoveryCodes,
  RequestEmailChange,
  RequestEmailVerification,
  StartTotpEnrolment,
  getAccount,
  listSessions,
  revokeSession,
} from '@nova/tenancy';
import { AuthPrincipal, CurrentAuth, RequirePermission } from '../auth/auth.decorators';
import { AuthThrottle } from '../auth/auth-throttle';
import { ApiErrors } from '../common/openapi';
import { ParseUuidPipe } from '../common/validation';
import { ActiveSessionDto, ChangePasswordDto, SessionListDto } from './dto/account.dto';
import { AccountDto, DisableTotpDto, PasswordProofDto, RecoveryCodesDto, RequestEmailChangeDto, TotpCodeDto, TotpEnrolmentDto } from './dto/account-security.dto';

const PASSWORD_GUESSING = 'Too many password or code attempts from this IP: see Retry-After';

/** The signed-in admin's own account: every role may use it, API keys may not. */
@ApiTags('Account')
@Controller('account')
export class AccountController {
  constructor(
    private readonly throttle: AuthThrottle,
    private readonly changePassword: ChangePassword,
    private readonly central: CentralDb,
    private readonly audit: CentralAuditLog,
    private readonly startTotpEnrolment: StartTotpEnrolment,
    private readonly confirmTotpEnrolment: ConfirmTotpEnrolment,
    private readonly disableTotp: DisableTotp,
    private readonly regenerateRecoveryCodes: RegenerateRecoveryCodes,
    private readonly requestEmailChange: RequestEmailChange,
    private readonly requestEmailVerification: RequestEmailVerification,
  ) {}

  @Get()
  @RequirePermission('own_account')
  @ApiOkResponse({ type: AccountDto })
  @ApiOperation({ summary: 'Your account: address, whether it is verified, whether MFA is on' })
  async me(@CurrentAuth() auth: AuthPrincipal): Promise<AccountDto> {
    return AccountDto.from(await getAccount(this.central, userOf(auth)));
  }

  @Post('email')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermission('own_account')
  @ApiAcceptedResponse({ description: 'A confirmation e-mail (valid 24 hours) went to the new address; the address changes only when it is confirmed' })
  @ApiTooManyRequestsResponse({ description: PASSWORD_GUESSING })
  @ApiErrors(409)
  @ApiOperation({ summary: 'Change your e-mail address (the current password is required; confirmed from the new address)' })
  async changeEmail(@CurrentAuth() auth: AuthPrincipal, @Body() body: RequestEmailChangeDto, @Req() request: FastifyRequest): Promise<void> {
    const userId = userOf(auth);
    await this.throttle.admit('credentials', request.ip);
    await this.requestEmailChange.execute({ userId, password: body.password, newEmail: body.newEmail, correlationId: request.id });
  }

  @Post('email-verification')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermission('own_account')
  @ApiAcceptedResponse({ description: 'A new verification e-mail is on its way (earlier links stop working)' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this IP: see Retry-After' })
  @ApiErrors(409)
  @ApiOperation({ summary: 'Send the e-mail verification again' })
  async resendVerification(@CurrentAuth() auth: AuthPrincipal, @Req() request: FastifyRequest): Promise<void> {
    const userId = userOf(auth);
    await this.throttle.admit('credentials', request.ip);
    await this.requestEmailVerification.execute({ userId, correlationId: request.id });
  }

  @Post('mfa/totp')
  @RequirePermission('own_account')
  @ApiCreatedResponse({ type: TotpEnrolmentDto, description: 'The secret, shown once; MFA is on only after POST /api/account/mfa/totp/confirm' })
  @ApiTooManyRequestsResponse({ description: PASSWORD_GUESSING })
  @ApiErrors(409)
  @ApiOperation({ summary: 'Start TOTP enrolment (the password is required); a pending enrolment is replaced' })
  async enrolTotp(@CurrentAuth() auth: AuthPrincipal, @Body() body: PasswordProofDto, @Req() request: FastifyRequest): Promise<TotpEnrolmentDto> {
    const userId = userOf(auth);
    await this.throttle.admit('credentials', request.ip);
    return TotpEnrolmentDto.from(await this.startTotpEnrolment.execute({ userId, password: body.password }));
  }

  @Post('mfa/totp/confirm')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('own_account')
  @ApiOkResponse({ type: RecoveryCodesDto, description: 'MFA is on; the ten recovery codes are shown only now' })
  @ApiTooManyRequestsResponse({ description: PASSWORD_GUESSING })
  @ApiErrors(409)
  @ApiOperation({ summary: 'Confirm TOTP enrolment with a first code from the authenticator' })
  async confirmTotp(@CurrentAuth() auth: AuthPrincipal, @Body() body: TotpCodeDto, @Req() request: FastifyRequest): Promise<RecoveryCodesDto> {
    const userId = userOf(auth);
    await this.throttle.admit('credentials', request.ip);
    return RecoveryCodesDto.from(await this.confirmTotpEnrolment.execute({ userId, code: body.code }));
  }

  @Post('mfa/totp/disable')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('own_account')
  @ApiNoContentResponse({ description: 'MFA is off; the secret and the recovery codes are deleted' })
  @ApiTooManyRequestsResponse({ description: PASSWORD_GUESSING })
  @ApiErrors(409)
  @ApiOperation({ summary: 'Turn TOTP off (a current code or the password is required)' })
  async turnOffTotp(@CurrentAuth() auth: AuthPrincipal, @Body() body: DisableTotpDto, @Req() request: FastifyRequest): Promise<void> {
    const userId = userOf(auth);
    await this.throttle.admit('credentials', request.ip);
    await this.disableTotp.execute({ userId, code: body.code, password: body.password });
  }

  @Post('mfa/recovery-codes')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('own_account')
  @ApiOkResponse({ type: RecoveryCodesDto, description: 'Ten new codes, shown only now; the old ones no longer work' })
  @ApiTooManyRequestsResponse({ description: PASSWORD_GUESSING })
  @ApiErrors(409)
  @ApiOperation({ summary: 'Replace your recovery codes (a current TOTP code is required)' })
  async newRecoveryCodes(@CurrentAuth() auth: AuthPrincipal, @Body() body: TotpCodeDto, @Req() request: FastifyRequest): Promise<RecoveryCodesDto> {
    const userId = userOf(auth);
    await this.throttle.admit('credentials', request.ip);
    return RecoveryCodesDto.from(await this.regenerateRecoveryCodes.execute({ userId, code: body.code }));
  }

  @Get('sessions')
  @RequirePermission('own_account')
  @ApiOkResponse({ type: SessionListDto })
  @ApiOperation({ summary: 'List your active sessions (logins that can still be refreshed), most recently used first (cursor pagination)' })
  async sessions(@CurrentAuth() auth: AuthPrincipal, @Query() query: PageQuery): Promise<SessionListDto> {
    return listOf(await listSessions(this.central, { ...pageRequest(query), userId: userOf(auth) }), ActiveSessionDto.from);
  }

  @Delete('sessions/:id')
  @RequirePermission('own_account')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Signed out: the session\'s refresh token no longer works' })
  @ApiOperation({ summary: 'Revoke one of your sessions' })
  async revoke(@CurrentAuth() auth: AuthPrincipal, @Param('id', ParseUuidPipe) id: string): Promise<void> {
    await revokeSession(this.central, { userId: userOf(auth), sessionId: id }, this.audit);
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('own_account')
  @ApiNoContentResponse({ description: 'Changed; every session of the user is revoked (sign in again)' })
  @ApiTooManyRequestsResponse({ description: 'Too many password attempts from this IP: see Retry-After' })
  @ApiOperation({ summary: 'Change your password (the current one is required; all your sessions are signed out)' })
  async password(@CurrentAuth() auth: AuthPrincipal, @Body() body: ChangePasswordDto, @Req() request: FastifyRequest): Promise<void> {
    const userId = userOf(auth);
    // Checking the current password is guessing it otherwise: the sign-in budget per IP applies.
    await this.throttle.admit('credentials', request.ip);
    await this.changePassword.execute({ userId, currentPassword: body.currentPassword, newPassword: body.newPassword });
  }
}

function userOf(auth: AuthPrincipal): string {
  // own_account is held by no API key scope, so the guard lets only users in; this keeps the type honest.
  if (auth.kind !== 'user') throw new DomainError(ErrorCode.Forbidden, 'Only a signed-in user has an account');
  return auth.userId;
}
