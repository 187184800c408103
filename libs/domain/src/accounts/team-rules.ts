import type { Role } from './permissions';

// What may change in a tenant's team: the tenant always keeps an owner, and only an owner may touch
// ownership (make an owner, demote or remove one); admins manage everyone else.

export interface TeamChange {
  actorRole: Role;
  targetRole: Role;
  /** The target's new role; null when the target is removed. */
  newRole: Role | null;
  /** Owners the tenant has now, the target included. */
  ownerCount: number;
}

export type TeamChangeProblem = { kind: 'forbidden' | 'conflict'; message: string } | null;

export function teamChangeProblem(change: TeamChange): TeamChangeProblem {
  const touchesOwnership = change.targetRole === 'owner' || change.newRole === 'owner';
  if (touchesOwnership && change.actorRole !== 'owner') return { kind: 'forbidden', message: 'Only an owner may grant, change or remove the owner role' };
  if (change.targetRole === 'owner' && change.newRole !== 'owner' && change.ownerCount <= 1) {
    return { kind: 'conflict', message: 'The tenant\'s last owner cannot be removed or demoted; make another owner first' };
  }
  return null;
}
