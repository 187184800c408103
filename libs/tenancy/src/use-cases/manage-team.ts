import { DomainError, ErrorCode, type Role, teamChangeProblem } from '@nova/domain';
import type { AdminRole, CentralDb } from '@nova/central-db';
import { type Page, type PageRequest, inTransaction, resolveWindow, toPage } from '@nova/common';
import type { CentralAuditLog } from '../audit/central-audit-log';
import { TeamMember, deleteAdminUser, listTeamMembers, lockTeam, teamMemberPosition, updateUserRole } from '../admin-users.repository';

export type { TeamMember } from '../admin-users.repository';

export interface TeamChangeCommand {
  tenantId: string;
  actorRole: AdminRole;
  userId: string;
}

/** The tenant's users, newest first, one keyset page at a time. */
export async function listTeam(central: CentralDb, command: PageRequest & { tenantId: string }): Promise<Page<TeamMember>> {
  const window = await resolveWindow(command, (id) => teamMemberPosition(central.pool, command.tenantId, id));
  return toPage(await listTeamMembers(central.pool, command.tenantId, window), command.limit, undefined, window);
}

/** Changes a user's role (team_rules decide), with the tenant's team locked. Another tenant's user is a 404. A change is recorded with `audit`. */
export async function changeUserRole(central: CentralDb, command: TeamChangeCommand & { role: AdminRole }, audit?: CentralAuditLog): Promise<TeamMember> {
  const { before, after } = await inTransaction(central.pool, async (client) => {
    const target = await checkedTarget(client, command, command.role);
    return { before: target, after: target.role === command.role ? target : await updateUserRole(client, target.id, command.role) };
  });
  if (before.role !== after.role) await audit?.record({ action: 'admin_user.updated', objectType: 'admin_user', objectId: after.id, before: { role: before.role }, after: { role: after.role } });
  return after;
}

/** Removes a user from the tenant; their sessions go with them. Recorded with `audit`. */
export async function removeUser(central: CentralDb, command: TeamChangeCommand, audit?: CentralAuditLog): Promise<void> {
  const removed = await inTransaction(central.pool, async (client) => {
    const target = await checkedTarget(client, command, null);
    await deleteAdminUser(client, target.id);
    return target;
  });
  await audit?.record({ action: 'admin_user.deleted', objectType: 'admin_user', objectId: removed.id, before: { id: removed.id, email: removed.email, role: removed.role } });
}

async function checkedTarget(client: Parameters<typeof lockTeam>[0], command: TeamChangeCommand, newRole: AdminRole | null): Promise<TeamMember> {
  const team = await lockTeam(client, command.tenantId);
  const target = team.find((user) => user.id === command.userId);
  if (!target) throw DomainError.notFound('User', command.userId);
  const problem = teamChangeProblem({
    actorRole: command.actorRole as Role,
    targetRole: target.role as Role,
    newRole: newRole as Role | null,
    ownerCount: team.filter((user) => user.role === 'owner').length,
  });
  if (problem) throw problem.kind === 'forbidden' ? new DomainError(ErrorCode.Forbidden, problem.message) : DomainError.conflict(problem.message, 'role');
  return target;
}
