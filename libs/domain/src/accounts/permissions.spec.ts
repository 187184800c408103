import { requiredPermission, roleAllows, rolesWith, scopeAllows } from './permissions';

describe('permission matrix', () => {
  it('reads are GET/HEAD, everything else a write, unless the handler names a permission', () => {
    expect(requiredPermission('GET')).toBe('read');
    expect(requiredPermission('head')).toBe('read');
    expect(requiredPermission('POST')).toBe('write');
    expect(requiredPermission('PATCH')).toBe('write');
    expect(requiredPermission('DELETE')).toBe('write');
    expect(requiredPermission('POST', 'money_out')).toBe('money_out');
  });

  it('owner and admin may do everything; a member no money-out or administration; a viewer only reads', () => {
    expect(['read', 'write', 'money_out', 'tenant_admin'].every((p) => roleAllows('owner', p as never) && roleAllows('admin', p as never))).toBe(true);
    expect(roleAllows('member', 'write')).toBe(true);
    expect(roleAllows('member', 'money_out')).toBe(false);
    expect(roleAllows('member', 'tenant_admin')).toBe(false);
    expect(roleAllows('viewer', 'read')).toBe(true);
    expect(roleAllows('viewer', 'write')).toBe(false);
    expect(roleAllows('nobody', 'read')).toBe(false);
    expect(rolesWith('own_account')).toEqual(['owner', 'admin', 'member', 'viewer']);
    expect(rolesWith('money_out')).toEqual(['owner', 'admin']);
    expect(rolesWith('read')).toEqual(['owner', 'admin', 'member', 'viewer']);
  });

  it('a read-only key only reads; a full key may write and move money', () => {
    expect(scopeAllows('read_only', 'read')).toBe(true);
    expect(scopeAllows('read_only', 'write')).toBe(false);
    expect(scopeAllows('read_only', 'money_out')).toBe(false);
    expect(scopeAllows('full', 'money_out')).toBe(true);
    expect(scopeAllows('unknown', 'read')).toBe(false);
    expect(scopeAllows('full', 'own_account')).toBe(false);
  });
});
