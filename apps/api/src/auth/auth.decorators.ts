import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { AdminRole, ApiKeyScope } from '@nova/central-db';
import type { Permission } from '@nova/domain';

/** Who is calling: a tenant admin with a JWT, or a tenant's API key. */
export type AuthPrincipal =
  | { kind: 'user'; tenantId: string; userId: string; role: AdminRole }
  | { kind: 'api_key'; tenantId: string; apiKeyId: string; apiKeyPrefix: string; mode: 'live' | 'test'; scope: ApiKeyScope };

export const IS_PUBLIC = 'nova:public';
export const ALLOW_API_KEY = 'nova:allowApiKey';
export const REQUIRED_PERMISSION = 'nova:permission';

/** No authentication at all (registration, login, health, provider webhooks). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** API keys are opt-in per controller or handler; everything else needs an admin's JWT. */
export const AllowApiKey = () => SetMetadata(ALLOW_API_KEY, true);

/**
 * The permission a handler needs beyond the default (GET/HEAD: read, anything else: write); the
 * matrix of who holds which is libs/domain's `ROLE_PERMISSIONS` and `SCOPE_PERMISSIONS`. API keys
 * are still refused unless the handler opts in with AllowApiKey.
 */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

/** Tenant administration (provider and payment settings, API keys, tenant settings, the billing cycle): owner and admin. */
export const TenantAdmin = () =>
  applyDecorators(
    RequirePermission('tenant_admin'),
    ApiForbiddenResponse({ description: 'Tenant administration: a JWT user needs the owner or admin role' }),
  );

/**
 * Money going out or written off (refunds, voids, mark-paid, credit notes): JWT users need the
 * owner or admin role (a member gets 403). API keys with the full scope may call these: a key is
 * the tenant's own server credential, issued only by an owner or admin, and acts for the tenant as
 * a whole (as a Stripe secret key can refund); a read-only key may not.
 */
export const MoneyOut = () =>
  applyDecorators(
    AllowApiKey(),
    RequirePermission('money_out'),
    ApiForbiddenResponse({ description: 'Moves or writes off money: a JWT user needs the owner or admin role (members are refused); API keys with the full scope are allowed' }),
  );

export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthPrincipal => {
  return context.switchToHttp().getRequest<{ auth: AuthPrincipal }>().auth;
});
