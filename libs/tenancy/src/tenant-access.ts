import { DomainError, ErrorCode, type Permission, planAccess, planAccessAllows, trialEnded } from '@nova/domain';
import { TenantStatus } from '@nova/central-db';
import type { TenantRecord } from './tenant-directory';

/**
 * The one rule of who may act for a tenant, shared by the guard (every request) and by login and
 * refresh (which hand out new tokens): a tenant that is gone is 401, a suspended one the
 * suspension's 403, one not yet active 403.
 */
export function assertTenantAccessible(tenant: TenantRecord | null): TenantRecord {
  if (!tenant) throw new DomainError(ErrorCode.Unauthenticated, 'The credentials belong to a tenant that no longer exists');
  if (tenant.status === TenantStatus.suspended) throw new DomainError(ErrorCode.TenantSuspended, 'This tenant is suspended');
  if (tenant.status !== TenantStatus.active) throw new DomainError(ErrorCode.Forbidden, 'This tenant is not active yet');
  return tenant;
}

/**
 * The plan's rule, after assertTenantAccessible on every request: once a trial has ended, the
 * tenant may read and manage its own accounts, and every other request is 403 trial_ended.
 */
export function assertPlanAllows(tenant: TenantRecord, request: { method: string; permission: Permission }, now = new Date()): void {
  if (!planAccessAllows(planAccess({ code: tenant.plan, trialEndsAt: tenant.trialEndsAt }, now), request.method, request.permission)) throw trialEnded(tenant.trialEndsAt);
}
