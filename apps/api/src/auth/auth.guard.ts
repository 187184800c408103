import { DomainError, ErrorCode } from '@nova/domain';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MODE_HEADER, emailUnverified, emailVerificationAllows, requestMode, requiredPermission, roleAllows, rolesWith, scopeAllows, type Permission } from '@nova/domain';
import { ApiKeyResolver, AuditTrail, TenantContext, TenantDirectory, assertPlanAllows, assertTenantAccessible, tenantRefIn } from '@nova/tenancy';
import { AuthPrincipal } from './auth.decorators';
import { RouteAccess, routeAccess } from './route-access';
import { TokenService } from './token.service';

/**
 * The one authentication guard. `Authorization: Bearer sk_…` is an API key, any other bearer
 * token a tenant admin's JWT. Either way the tenant is resolved, checked (suspended tenants get
 * 403, a tenant whose trial has ended may only read, one without a verified owner only works in test mode) and entered as the current tenant context for the rest of the request, in the
 * request's mode (requestMode: the key's own, or the session's `Nova-Mode` header), which picks the tenant's live or test database.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly apiKeys: ApiKeyResolver,
    private readonly directory: TenantDirectory,
    private readonly tenantContext: TenantContext,
    private readonly audit: AuditTrail,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = routeAccess(context.getHandler(), context.getClass());
    if (access.isPublic) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { auth?: AuthPrincipal }>();
    const token = bearerToken(request.headers.authorization);
    const permission = requiredPermission(request.method, access.permission);
    const principal = token.startsWith('sk_') ? await this.fromApiKey(token, access, permission) : this.fromJwt(token, permission);

    const mode = requestMode(modeHeader(request.headers[MODE_HEADER.toLowerCase()]), principal.kind === 'api_key' ? principal.mode : undefined);
    const tenant = assertTenantAccessible(await this.directory.find(principal.tenantId));
    // A trial that has ended leaves the tenant read-only (403 trial_ended).
    assertPlanAllows(tenant, { method: request.method, permission });
    // Until an owner has verified an e-mail address, live mode is closed (403 email_unverified); test mode works.
    if (!emailVerificationAllows({ ownerVerified: tenant.ownerVerified, mode, credential: principal.kind === 'api_key' ? 'api_key' : 'session', method: request.method, permission })) throw emailUnverified();

    request.auth = principal;
    const exit = this.tenantContext.enter(tenantRefIn(tenant, mode), request.id);
    // Whatever the request changes is recorded as this caller's doing (the audit log).
    this.audit.actAs(principal.kind === 'user' ? { type: 'user', id: principal.userId } : { type: 'api_key', id: principal.apiKeyId, label: principal.apiKeyPrefix }, {
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      requestId: request.id,
    });
    // 'close' fires once the response is sent or the client went away: the request's tenant
    // resources (its connection lease) are returned then.
    context.switchToHttp().getResponse<FastifyReply>().raw.once('close', exit);
    return true;
  }

  /** API keys: AllowApiKey lets them in at all, then the key's scope must hold the permission (a key has no role). */
  private async fromApiKey(secret: string, access: RouteAccess, permission: Permission): Promise<AuthPrincipal> {
    const key = await this.apiKeys.resolve(secret);
    if (!key) throw new DomainError(ErrorCode.Unauthenticated, 'The API key is invalid or revoked');
    if (!access.allowsApiKey) {
      throw new DomainError(ErrorCode.Forbidden, 'This endpoint needs a tenant admin\'s token; API keys cannot use it');
    }
    if (!scopeAllows(key.scope, permission)) {
      throw new DomainError(ErrorCode.Forbidden, `This API key has the ${key.scope} scope, which does not allow this action (it needs ${permission})`, { scope: key.scope, permission });
    }
    return { kind: 'api_key', tenantId: key.tenantId, apiKeyId: key.id, apiKeyPrefix: key.prefix, mode: key.mode, scope: key.scope };
  }

  private fromJwt(token: string, permission: Permission): AuthPrincipal {
    const claims = this.tokens.verifyAccessToken(token);
    if (claims.mfa === 'enrol' && permission !== 'own_account') {
      throw new DomainError(ErrorCode.Forbidden, 'Your tenant requires two-factor authentication: enrol at POST /api/account/mfa/totp, then refresh your session or sign in again', { mfaEnrolmentRequired: true });
    }
    if (!roleAllows(claims.role, permission)) {
      throw new DomainError(ErrorCode.Forbidden, `This action needs one of the roles: ${rolesWith(permission).join(', ')}`, { permission });
    }
    return { kind: 'user', tenantId: claims.tid, userId: claims.sub, role: claims.role };
  }
}

/** A header sent twice arrives as an array: ambiguous, so it is refused like any other bad value. */
function modeHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) throw new DomainError(ErrorCode.Unauthenticated, 'Missing Authorization: Bearer <token or API key>');
  return match[1];
}
