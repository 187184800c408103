import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiForbiddenResponse, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, RefreshDto, RegisterDto, RegisterResponseDto, TokenPairDto } from './dto/auth.dto';
import { SessionMeta } from './token.service';

const sessionMeta = (request: FastifyRequest): SessionMeta => ({ userAgent: request.headers['user-agent'], ip: request.ip, requestId: request.id });

@ApiTags('Auth')
@ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP (or for this account, or it is locked): see Retry-After' })
@ApiServiceUnavailableResponse({ description: 'The throttle\'s Redis is unreachable; sign-in is refused rather than left unthrottled' })
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @ApiCreatedResponse({ type: RegisterResponseDto, description: 'The tenant, its database and its owner exist and are ready' })
  @ApiConflictResponse({ description: 'The e-mail or the slug is taken' })
  register(@Body() body: RegisterDto, @Req() request: FastifyRequest): Promise<RegisterResponseDto> {
    return this.auth.register(body, sessionMeta(request));
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP or for this account, or the account is locked after repeated wrong passwords (see Retry-After); the right password is refused while locked' })
  @ApiForbiddenResponse({ description: 'The tenant is suspended' })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.auth.login(body, sessionMeta(request));
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPairDto, description: 'A new pair; the presented refresh token is now spent' })
  @ApiUnauthorizedResponse({ description: 'Invalid, expired or reused token (reuse revokes the whole session)' })
  refresh(@Body() body: RefreshDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken, sessionMeta(request));
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The session of this refresh token is revoked' })
  async logout(@Body() body: RefreshDto, @Req() request: FastifyRequest): Promise<void> {
    await this.auth.logout(body.refreshToken, sessionMeta(request));
  }
}
