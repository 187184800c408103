import { teamChangeProblem } from './team-rules';

describe('team rules', () => {
  it('the last owner can be neither removed nor demoted, by anyone', () => {
    expect(teamChangeProblem({ actorRole: 'owner', targetRole: 'owner', newRole: null, ownerCount: 1 })?.kind).toBe('conflict');
    expect(teamChangeProblem({ actorRole: 'owner', targetRole: 'owner', newRole: 'admin', ownerCount: 1 })?.kind).toBe('conflict');
    expect(teamChangeProblem({ actorRole: 'owner', targetRole: 'owner', newRole: null, ownerCount: 2 })).toBeNull();
  });

  it('only an owner touches ownership; admins manage the others', () => {
    expect(teamChangeProblem({ actorRole: 'admin', targetRole: 'member', newRole: 'owner', ownerCount: 1 })?.kind).toBe('forbidden');
    expect(teamChangeProblem({ actorRole: 'admin', targetRole: 'owner', newRole: null, ownerCount: 2 })?.kind).toBe('forbidden');
    expect(teamChangeProblem({ actorRole: 'admin', targetRole: 'member', newRole: 'viewer', ownerCount: 1 })).toBeNull();
    expect(teamChangeProblem({ actorRole: 'owner', targetRole: 'member', newRole: 'owner', ownerCount: 1 })).toBeNull();
  });
});
