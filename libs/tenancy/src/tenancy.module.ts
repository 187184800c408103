import { Global, Module } from '@nestjs/common';
import { AuditTrail } from './audit/audit-trail';
import { CentralAuditLog } from './audit/central-audit-log';
import { PasswordHasher } from './password-hasher';
import { TenantConnections } from './tenant-connections';
import { TenantContext } from './tenant-context';
import { TenantDatabases } from './tenant-databases';
import { TenantDb } from './tenant-db.service';
import { TenantDirectory } from './tenant-directory';
import { TenantProvisioning } from './tenant-provisioning';
import { ChangePassword } from './use-cases/change-password';
import { ReactivateTenant, SuspendTenant } from './use-cases/change-tenant-status';
import { DeleteTenant } from './use-cases/delete-tenant';
import { RegisterTenant } from './use-cases/register-tenant';
import { RevokeApiKey } from './use-cases/revoke-api-key';
import { RotateSession } from './use-cases/rotate-session';
import { UpdateTenantSettings } from './use-cases/update-tenant-settings';

const infrastructure = [AuditTrail, CentralAuditLog, TenantContext, TenantConnections, TenantDb, TenantDirectory, TenantDatabases, TenantProvisioning, PasswordHasher];
// LogIn (it needs the application's LOGIN_ATTEMPTS) and ApiKeyResolver (API-only cache) are provided by the API.
const useCases = [RegisterTenant, UpdateTenantSettings, SuspendTenant, ReactivateTenant, DeleteTenant, RevokeApiKey, RotateSession, ChangePassword];
const providers = [...infrastructure, ...useCases];

/** Requires NovaConfigModule, CentralDbModule, QueueModule (InvalidationBus) and ClsModule (nestjs-cls) in the application. */
@Global()
@Module({ providers, exports: providers })
export class TenancyModule {}
