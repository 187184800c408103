import { DomainError, ErrorCode, type Role, teamChangeProblem } from '@nova/domain';
import type { AdminRole, CentralDb } from '@nova/central-db';
import { inTransaction } from '@nova/common';
import { TeamMember, deleteAdminUser, listTeamMembers, lockTeam, updateUserRole } from '../admin-users.repository';

export type { TeamMember } from '../admin-users.repository';

export interface TeamChangeCommand {
  tenantId: string;
  actorRole: AdminRole;
  userId: string;
}

export function listTeam(central: CentralDb, tenantId: string): Promise<TeamMember[]> {
  return listTeamMembers(central.pool, tenantId);
}

/** Changes a user's role (team_rules decide), with the tenant's team locked. Another tenant's user is a 404. */
export function changeUserRole(central: CentralDb, command: TeamChangeCommand & { role: AdminRole }): Promise<TeamMember> {
  return inTransaction(central.pool, async (client) => {
    const target = await checkedTarget(client, command, command.role);
    return target.role === command.role ? target : updateUserRole(client, target.id, command.role);
  });
}

/** Removes a user from the tenant; their sessions go with them. */
export function removeUser(central: CentralDb, command: TeamChangeCommand): Promise<void> {
  return inTransaction(central.pool, async (client) => {
    const target = await checkedTarget(client, command, null);
    await deleteAdminUser(client, target.id);
  });
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
