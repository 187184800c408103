import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ApiKeyResolver, CompleteMfaLogin, ConfirmPasswordReset, LOGIN_ATTEMPTS, LogIn } from '@nova/tenancy';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthThrottle } from './auth-throttle';
import { ThrottledLoginAttempts } from './throttled-login-attempts';
import { TokenService } from './token.service';

@Module({
  imports: [JwtModule.register({})],
  controllers: [AuthController],
  providers: [
    AuthThrottle,
    TokenService,
    ApiKeyResolver,
    LogIn,
    CompleteMfaLogin,
    ConfirmPasswordReset,
    { provide: LOGIN_ATTEMPTS, useClass: ThrottledLoginAttempts },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthThrottle],
})
export class AuthModule {}
