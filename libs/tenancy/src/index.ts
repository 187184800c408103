export * from './tenant-context';
export * from './tenant-connections';
export * from './tenant-db.service';
export * from './tenant-directory';
export * from './tenant-databases';
export * from './tenant-provisioning';
export * from './tenancy.module';
export * from './platform-health';
export * from './tenant-job-rule';
export * from './tenant-access';
export * from './password-hasher';
export * from './customer-mailer';
export * from './api-key-resolver';
export { API_KEY_PATTERN, hashApiKey } from './api-key-secret';
export type { SessionUser, AdminUserRow } from './admin-users.repository';
export { AccountMailQueue } from './account-mail-queue';
export { TotpSecrets } from './totp-secrets';
export type { TenantSettingsChange } from './tenants.repository';
// The tenant-schema idempotency_keys table: the API's IdempotencyInterceptor is its one caller.
export * from './idempotency-keys.repository';
// Use cases: tenants
export * from './use-cases/register-tenant';
export * from './use-cases/find-tenant';
export * from './use-cases/list-tenant-databases';
export * from './use-cases/update-tenant-settings';
export * from './use-cases/change-tenant-status';
export * from './use-cases/delete-tenant';
// Use cases: admin sessions
export * from './use-cases/start-session';
export * from './use-cases/log-in';
export * from './use-cases/rotate-session';
export * from './use-cases/log-out';
export * from './use-cases/find-admin-contact';
export * from './use-cases/notify-account-locked';
export * from './use-cases/change-password';
export * from './use-cases/manage-team';
export * from './use-cases/manage-sessions';
// Use cases: the tenant's NovaBilling plan (assertSeatAvailable: for whatever adds a team member)
export * from './use-cases/tenant-plan';
// Use cases: account security (invitations, reset, verification, e-mail change, MFA)
export * from './use-cases/invitations';
export * from './use-cases/password-reset';
export * from './use-cases/email-verification';
export * from './use-cases/change-email';
export * from './use-cases/manage-mfa';
export * from './use-cases/get-account';
export * from './use-cases/complete-mfa-login';
export * from './use-cases/send-account-mail';
// Use cases: API keys
export * from './use-cases/create-api-key';
export * from './use-cases/list-api-keys';
export * from './use-cases/revoke-api-key';
// The audit log (tenant-schema audit_log, written by its triggers): who acts, the audited pool, list and prune.
export * from './audit/audit-context';
export * from './audit/audit-trail';
export * from './audit/central-audit-log';
export { auditedPool, mayWrite } from './audit/audited-pool';
export * from './use-cases/audit-log';
