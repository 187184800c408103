import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@nova/domain';
import { CentralDb } from '@nova/central-db';
import { ChangePassword, listSessions, revokeSession } from '@nova/tenancy';
import { AuthPrincipal, CurrentAuth, RequirePermission } from '../auth/auth.decorators';
import { AuthThrottle } from '../auth/auth-throttle';
import { ParseUuidPipe } from '../common/validation';
import { ActiveSessionDto, ChangePasswordDto, SessionListDto } from './dto/account.dto';

/** The signed-in admin's own account: every role may use it, API keys may not. */
@ApiTags('Account')
@Controller('account')
export class AccountController {
  constructor(
    private readonly throttle: AuthThrottle,
    private readonly changePassword: ChangePassword,
    private readonly central: CentralDb,
  ) {}

  @Get('sessions')
  @RequirePermission('own_account')
  @ApiOkResponse({ type: SessionListDto })
  @ApiOperation({ summary: 'List your active sessions (logins that can still be refreshed), most recently used first' })
  async sessions(@CurrentAuth() auth: AuthPrincipal): Promise<SessionListDto> {
    return listOf({ data: await listSessions(this.central, userOf(auth)) }, ActiveSessionDto.from);
  }

  @Delete('sessions/:id')
  @RequirePermission('own_account')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Signed out: the session\'s refresh token no longer works' })
  @ApiOperation({ summary: 'Revoke one of your sessions' })
  async revoke(@CurrentAuth() auth: AuthPrincipal, @Param('id', ParseUuidPipe) id: string): Promise<void> {
    await revokeSession(this.central, { userId: userOf(auth), sessionId: id });
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
