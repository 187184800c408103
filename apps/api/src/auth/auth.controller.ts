import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CentralDb } from '@nova/central-db';
import { LogIn, RegisterTenant, RotateSession, SessionMeta, logOut } from '@nova/tenancy';
import { Public } from './auth.decorators';
import { AuthThrottle } from './auth-throttle';
import { LoginDto, RefreshDto, RegisterDto, RegisteredTenantDto, RegisterResponseDto, TokenPairDto } from './dto/auth.dto';
import { TokenService } from './token.service';

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
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP or for this account, or the account is locked after repeated wrong passwords (see Retry-After); the right password is refused while locked' })
  @ApiForbiddenResponse({ description: 'The tenant is suspended' })
  @ApiOperation({ summary: 'Log in with e-mail and password' })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    // The throttle runs inside the use case (LOGIN_ATTEMPTS): it needs to know how the password check went.
    return this.tokens.pair(await this.logIn.execute({ email: body.email, password: body.password, meta: sessionMeta(request) }));
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
  @ApiNoContentResponse({ description: 'The session of this refresh token is revoked' })
  @ApiOperation({ summary: 'Log out: revoke the session of a refresh token' })
  async logout(@Body() body: RefreshDto, @Req() request: FastifyRequest): Promise<void> {
    await this.throttle.admit('tokens', sessionMeta(request).ip);
    await logOut(this.central, { refreshToken: body.refreshToken });
  }
}
