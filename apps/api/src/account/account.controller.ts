import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@nova/domain';
import { ChangePassword } from '@nova/tenancy';
import { AuthPrincipal, CurrentAuth, RequirePermission } from '../auth/auth.decorators';
import { AuthThrottle } from '../auth/auth-throttle';
import { ChangePasswordDto } from './dto/account.dto';

/** The signed-in admin's own account: every role may use it, API keys may not. */
@ApiTags('Account')
@Controller('account')
export class AccountController {
  constructor(
    private readonly throttle: AuthThrottle,
    private readonly changePassword: ChangePassword,
  ) {}

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('own_account')
  @ApiNoContentResponse({ description: 'Changed; every session of the user is revoked (sign in again)' })
  @ApiTooManyRequestsResponse({ description: 'Too many password attempts from this IP: see Retry-After' })
  @ApiOperation({ summary: 'Change your password (the current one is required; all your sessions are signed out)' })
  async password(@CurrentAuth() auth: AuthPrincipal, @Body() body: ChangePasswordDto, @Req() request: FastifyRequest): Promise<void> {
    if (auth.kind !== 'user') throw new DomainError(ErrorCode.Forbidden, 'Only a signed-in user can change their password');
    // Checking the current password is guessing it otherwise: the sign-in budget per IP applies.
    await this.throttle.admit('credentials', request.ip);
    await this.changePassword.execute({ userId: auth.userId, currentPassword: body.currentPassword, newPassword: body.newPassword });
  }
}
