import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { AdminRole } from '@nova/central-db';

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

/**
 * Restricts the handler to these admin roles for JWT users. Roles are a JWT matter only: an API
 * key has no role and is governed by AllowApiKey alone (refused unless the handler opts in).
 */
export const Roles = (...roles: AdminRole[]) => SetMetadata(REQUIRED_ROLES, roles);

/**
 * Money going out or written off (refunds, voids, mark-paid, credit notes): JWT users need the
 * owner or admin role (a member gets 403). API keys may call these: a key is the tenant's own
 * server credential, issued only by an owner or admin, and acts for the tenant as a whole (as a
 * Stripe secret key can refund).
 */
export const MoneyOut = () =>
  applyDecorators(
    AllowApiKey(),
    Roles(AdminRole.owner, AdminRole.admin),
    ApiForbiddenResponse({ description: 'Moves or writes off money: a JWT user needs the owner or admin role (members are refused); API keys are allowed' }),
  );

export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthPrincipal => {
  return context.switchToHttp().getRequest<{ auth: AuthPrincipal }>().auth;
});
