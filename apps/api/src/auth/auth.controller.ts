import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CentralDb } from '@nova/central-db';
import { AcceptInvitation, CentralAuditLog, CompleteMfaLogin, ConfirmEmailChange, ConfirmPasswordReset, LogIn, RegisterTenant, RequestPasswordReset, RotateSession, SessionMeta, TenantDirectory, logOut, verifyEmail } from '@nova/tenancy';
import { Public } from './auth.decorators';
import { AuthThrottle } from './auth-throttle';
import { AcceptInvitationDto, AccountTokenDto, CompleteMfaLoginDto, ConfirmPasswordResetDto, MfaChallengeDto, RequestPasswordResetDto } from './dto/account-security.dto';
import { LoginDto, RefreshDto, RegisterDto, RegisterResponseDto, TokenPairDto, RegisteredTenantDto } from './dto/auth.dto';
import { TokenService } from './token.service';

const BAD_TOKEN = 'The token is invalid, expired, already used or revoked (`fields` names token), or another field is invalid';

const sessionMeta = (request: FastifyRequest): SessionMeta => ({ userAgent: request.headers['user-agent'], ip: request.ip, requestId: request.id });

/** Each endpoint: the IP's throttle budget (an HTTP concern), then one use case of @nova/tenancy; tokens are signed here. */
@ApiTags('Auth')
@ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP (or for this account, or it is locked): see Retry-After' })
@ApiServiceUnavailableResponse({ description: 'The throttle\'s Redis is unreachable; sign-in is refused rather than left unthrottled' })
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly throttle: AuthThrottle,
    private readonly tokens: TokenService,
    private readonly registerTenant: RegisterTenant,
    private readonly logIn: LogIn,
    private readonly rotateSession: RotateSession,
    private readonly central: CentralDb,
    private readonly completeMfaLogin: CompleteMfaLogin,
    private readonly acceptInvitation: AcceptInvitation,
    private readonly requestPasswordReset: RequestPasswordReset,
    private readonly confirmPasswordReset: ConfirmPasswordReset,
    private readonly confirmEmailChange: ConfirmEmailChange,
    private readonly directory: TenantDirectory,
    private readonly audit: CentralAuditLog,
  ) {}

  @Post('register')
  @ApiCreatedResponse({ type: RegisterResponseDto, description: 'The tenant, its database and its owner exist and are ready' })
  @ApiConflictResponse({ description: 'The e-mail or the slug is taken' })
  @ApiOperation({ summary: 'Register a tenant with its owner and database' })
  async register(@Body() body: RegisterDto, @Req() request: FastifyRequest): Promise<RegisterResponseDto> {
    const meta = sessionMeta(request);
    await this.throttle.admit('credentials', meta.ip);
    const { tenant, session } = await this.registerTenant.execute({
      companyName: body.companyName,
      slug: body.slug,
      defaultCurrency: body.defaultCurrency,
      owner: { email: body.email, name: body.name, password: body.password },
      meta,
    });
    return { ...this.tokens.pair(session), tenant: RegisteredTenantDto.of({ id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status }) };
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiExtraModels(TokenPairDto, MfaChallengeDto)
  @ApiOkResponse({
    description: 'The tokens, or with MFA on an `mfa_challenge` (no tokens yet) to complete at POST /api/auth/login/mfa',
    schema: { oneOf: [{ $ref: getSchemaPath(TokenPairDto) }, { $ref: getSchemaPath(MfaChallengeDto) }] },
  })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP or for this account, or the account is locked after repeated wrong passwords (see Retry-After); the right password is refused while locked' })
  @ApiForbiddenResponse({ description: 'The tenant is suspended' })
  @ApiOperation({ summary: 'Log in with e-mail and password' })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<TokenPairDto | MfaChallengeDto> {
    // The throttle runs inside the use case (LOGIN_ATTEMPTS): it needs to know how the password check went.
    const result = await this.logIn.execute({ email: body.email, password: body.password, meta: sessionMeta(request) });
    if (result.kind === 'mfa_challenge') return { object: 'mfa_challenge', challengeToken: result.challengeToken, expiresAt: result.expiresAt, methods: ['totp', 'recovery_code'] };
    return this.tokens.pair(result.grant);
  }

  @Post('login/mfa')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPairDto, description: 'Signed in; the challenge is spent' })
  @ApiBadRequestResponse({ description: 'Neither or both of code and recoveryCode, or a malformed one' })
  @ApiUnauthorizedResponse({ description: 'The code is wrong, expired or already used (its 30-second step was accepted before), or the challenge is invalid, expired or dead after 5 wrong codes' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP or for this account, or the account is locked (wrong codes count like wrong passwords): see Retry-After' })
  @ApiForbiddenResponse({ description: 'The tenant is suspended' })
  @ApiOperation({ summary: 'Complete a login with MFA: the challenge and a TOTP code or a recovery code' })
  async loginMfa(@Body() body: CompleteMfaLoginDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    const meta = sessionMeta(request);
    return this.tokens.pair(await this.completeMfaLogin.execute({ challengeToken: body.challengeToken, code: body.code, recoveryCode: body.recoveryCode, meta }));
  }

  @Post('invitations/accept')
  @ApiCreatedResponse({ type: TokenPairDto, description: 'You are a user of the tenant with the invited role, signed in' })
  @ApiBadRequestResponse({ description: BAD_TOKEN })
  @ApiConflictResponse({ description: 'The invited address got an account meanwhile' })
  @ApiForbiddenResponse({ description: 'The tenant is suspended' })
  @ApiOperation({ summary: 'Accept an invitation: choose a name and a password' })
  async acceptInvite(@Body() body: AcceptInvitationDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    const meta = sessionMeta(request);
    await this.throttle.admit('credentials', meta.ip);
    return this.tokens.pair(await this.acceptInvitation.execute({ token: body.token, name: body.name, password: body.password, meta }));
  }

  @Post('password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'If an account has this address, a reset e-mail (valid 30 minutes) is on its way; the answer is the same either way' })
  @ApiOperation({ summary: 'Forgot password: e-mail a reset token' })
  async passwordReset(@Body() body: RequestPasswordResetDto, @Req() request: FastifyRequest): Promise<void> {
    const meta = sessionMeta(request);
    // Throttled like a login (per IP and per address), so the endpoint cannot flood an inbox.
    await this.throttle.admitLogin(body.email, meta.ip);
    await this.requestPasswordReset.execute({ email: body.email, correlationId: meta.requestId });
  }

  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The password is changed, every session of the user is revoked and the sign-in lockout lifted: sign in again' })
  @ApiBadRequestResponse({ description: BAD_TOKEN })
  @ApiOperation({ summary: 'Set a new password with the reset token' })
  async confirmReset(@Body() body: ConfirmPasswordResetDto, @Req() request: FastifyRequest): Promise<void> {
    const meta = sessionMeta(request);
    await this.throttle.admit('credentials', meta.ip);
    await this.confirmPasswordReset.execute({ token: body.token, newPassword: body.newPassword, meta });
  }

  @Post('verify-email')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The address is verified' })
  @ApiBadRequestResponse({ description: BAD_TOKEN })
  @ApiOperation({ summary: 'Verify your e-mail address with the token e-mailed at signup' })
  async verifyAddress(@Body() body: AccountTokenDto, @Req() request: FastifyRequest): Promise<void> {
    const meta = sessionMeta(request);
    await this.throttle.admit('tokens', meta.ip);
    await verifyEmail(this.central, { token: body.token, meta }, { directory: this.directory, audit: this.audit });
  }

  @Post('email-change/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The account signs in with the new address from now on; the old address is told' })
  @ApiBadRequestResponse({ description: BAD_TOKEN })
  @ApiConflictResponse({ description: 'The new address got an account meanwhile' })
  @ApiOperation({ summary: 'Confirm a change of e-mail address with the token sent to the new address' })
  async confirmEmail(@Body() body: AccountTokenDto, @Req() request: FastifyRequest): Promise<void> {
    const meta = sessionMeta(request);
    await this.throttle.admit('tokens', meta.ip);
    await this.confirmEmailChange.execute({ token: body.token, correlationId: meta.requestId, meta });
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPairDto, description: 'A new pair; the presented refresh token is now spent' })
  @ApiUnauthorizedResponse({ description: 'Invalid, expired or reused token (reuse revokes the whole session)' })
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair' })
  async refresh(@Body() body: RefreshDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    const meta = sessionMeta(request);
    await this.throttle.admit('tokens', meta.ip);
    return this.tokens.pair(await this.rotateSession.execute({ refreshToken: body.refreshToken, meta }));
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The session of this refresh token is revoked (recorded in the audit log as admin_session.deleted)' })
  @ApiOperation({ summary: 'Log out: revoke the session of a refresh token' })
  async logout(@Body() body: RefreshDto, @Req() request: FastifyRequest): Promise<void> {
    const meta = sessionMeta(request);
    await this.throttle.admit('tokens', meta.ip);
    await logOut(this.central, { refreshToken: body.refreshToken, meta }, this.audit);
  }
}
