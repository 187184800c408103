import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AdminRole } from '@nova/central-db';

/** Who is calling: a tenant admin with a JWT, or a tenant's API key. */
export type AuthPrincipal =
  | { kind: 'user'; tenantId: string; userId: string; role: AdminRole }
  | { kind: 'api_key'; tenantId: string; apiKeyId: string; mode: 'live' | 'test' };

export const IS_PUBLIC = 'nova:public';
export const ALLOW_API_KEY = 'nova:allowApiKey';
export const REQUIRED_ROLES = 'nova:roles';

/** No authentication at all (registration, login, health, provider webhooks). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** API keys are opt-in per controller or handler; everything else needs an admin's JWT. */
export const AllowApiKey = () => SetMetadata(ALLOW_API_KEY, true);

/** Restricts a JWT-only handler to these admin roles. */
export const Roles = (...roles: AdminRole[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthPrincipal => {
  return context.switchToHttp().getRequest<{ auth: AuthPrincipal }>().auth;
});
