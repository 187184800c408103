// The one permission matrix: which role may do what, and what an API key's scope allows. The API's
// guard asks these functions for every request (a handler's explicit permission, else read for
// GET/HEAD and write for anything else), so a new endpoint is guarded the day it is written.

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const API_KEY_SCOPES = ['full', 'read_only'] as const;
export type ApiKeyScopeName = (typeof API_KEY_SCOPES)[number];

export type Permission =
  /** Reading anything of the tenant (GET/HEAD). */
  | 'read'
  /** Day-to-day billing: customers, catalogue, subscriptions, invoices, CDRs… */
  | 'write'
  /** Money going out or written off: refunds, voids, mark-paid, credit notes. */
  | 'money_out'
  /** Tenant administration: provider settings, payment settings, API keys, tenant settings, the billing cycle. */
  | 'tenant_admin'
  /** One's own account (password, sessions): every signed-in user, whatever the role; never an API key. */
  | 'own_account';

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: ['read', 'write', 'money_out', 'tenant_admin', 'own_account'],
  admin: ['read', 'write', 'money_out', 'tenant_admin', 'own_account'],
  member: ['read', 'write', 'own_account'],
  viewer: ['read', 'own_account'],
};

/** API keys act for the tenant's servers: a full key may do all a key is let into (handlers opt in); a read-only key only reads. */
export const SCOPE_PERMISSIONS: Readonly<Record<ApiKeyScopeName, readonly Permission[]>> = {
  full: ['read', 'write', 'money_out', 'tenant_admin'],
  read_only: ['read'],
};

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** GET, HEAD and OPTIONS: requests that change nothing. */
export function isReadMethod(method: string): boolean {
  return READ_METHODS.has(method.toUpperCase());
}

/** The permission a request needs: the handler's explicit one, else read for safe methods and write for the rest. */
export function requiredPermission(method: string, explicit?: Permission): Permission {
  if (explicit) return explicit;
  return READ_METHODS.has(method.toUpperCase()) ? 'read' : 'write';
}

export function roleAllows(role: string, permission: Permission): boolean {
  return (ROLE_PERMISSIONS as Record<string, readonly Permission[] | undefined>)[role]?.includes(permission) ?? false;
}

export function scopeAllows(scope: string, permission: Permission): boolean {
  return (SCOPE_PERMISSIONS as Record<string, readonly Permission[] | undefined>)[scope]?.includes(permission) ?? false;
}

/** The roles holding a permission, for error messages ("needs one of the roles: owner, admin"). */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}
