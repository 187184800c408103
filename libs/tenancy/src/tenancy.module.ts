import { Global, Module } from '@nestjs/common';
import { AccountMailQueue } from './account-mail-queue';
import { AuditTrail } from './audit/audit-trail';
import { CentralAuditLog } from './audit/central-audit-log';
import { PasswordHasher } from './password-hasher';
import { TotpSecrets } from './totp-secrets';
import { TenantConnections } from './tenant-connections';
import { TenantContext } from './tenant-context';
import { TenantDatabases } from './tenant-databases';
import { TenantDb } from './tenant-db.service';
import { TenantDirectory } from './tenant-directory';
import { TenantProvisioning } from './tenant-provisioning';
import { ChangePassword } from './use-cases/change-password';
import { ConfirmEmailChange, RequestEmailChange } from './use-cases/change-email';
import { RequestEmailVerification } from './use-cases/email-verification';
import { AcceptInvitation, InviteUser } from './use-cases/invitations';
import { ConfirmTotpEnrolment, DisableTotp, RegenerateRecoveryCodes, StartTotpEnrolment } from './use-cases/manage-mfa';
import { RequestPasswordReset } from './use-cases/password-reset';
import { ReactivateTenant, SuspendTenant } from './use-cases/change-tenant-status';
import { DeleteTenant } from './use-cases/delete-tenant';
import { RegisterTenant } from './use-cases/register-tenant';
import { RevokeApiKey } from './use-cases/revoke-api-key';
import { RotateSession } from './use-cases/rotate-session';
import { UpdateTenantSettings } from './use-cases/update-tenant-settings';

// TotpSecrets needs the CredentialsCipher (PaymentsModule, re-exported by the global BillingModule).
const infrastructure = [AuditTrail, CentralAuditLog, TenantContext, TenantConnections, TenantDb, TenantDirectory, TenantDatabases, TenantProvisioning, PasswordHasher, AccountMailQueue, TotpSecrets];
// LogIn, ConfirmPasswordReset and CompleteMfaLogin (they need the application's LOGIN_ATTEMPTS) and ApiKeyResolver (API-only
// cache) are provided by the API; SendAccountMail (it needs the Mailer) by the worker.
const accountSecurity = [InviteUser, AcceptInvitation, RequestPasswordReset, RequestEmailVerification, RequestEmailChange, ConfirmEmailChange, StartTotpEnrolment, ConfirmTotpEnrolment, DisableTotp, RegenerateRecoveryCodes];
const useCases = [RegisterTenant, UpdateTenantSettings, SuspendTenant, ReactivateTenant, DeleteTenant, RevokeApiKey, RotateSession, ChangePassword, ...accountSecurity];
const providers = [...infrastructure, ...useCases];

/** Requires NovaConfigModule, CentralDbModule, QueueModule (InvalidationBus, the account-security queue), BillingModule (CredentialsCipher) and ClsModule (nestjs-cls) in the application. */
@Global()
@Module({ providers, exports: providers })
export class TenancyModule {}
