import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthThrottle } from './auth-throttle';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';

@Module({
  imports: [JwtModule.register({}), ApiKeysModule],
  controllers: [AuthController],
  providers: [AuthService, AuthThrottle, PasswordHasher, TokenService, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
