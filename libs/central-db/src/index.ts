export * from './central-db.service';
export * from './central-db.module';
export { Prisma as CentralPrisma } from './generated/client';
export type { Tenant, AdminUser, ApiKey, RefreshSession } from './generated/client';
export { TenantStatus, AdminRole, ApiKeyMode, ApiKeyScope } from './generated/client';
