import { DomainError, passwordProblem } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { AdminUser, CentralDb, Tenant } from '@nova/central-db';
import { AuthConfig } from '@nova/config';
import { isEmailTaken } from '../admin-users.repository';
import { PasswordHasher } from '../password-hasher';
import { TenantProvisioning } from '../tenant-provisioning';
import { SessionGrant, SessionMeta, startSession } from './start-session';

export interface RegisterTenantCommand {
  companyName: string;
  slug: string;
  defaultCurrency?: string;
  owner: { email: string; name: string; password: string };
  meta?: SessionMeta;
}

export interface RegisteredTenant {
  tenant: Tenant;
  owner: AdminUser;
  /** The owner is signed in. */
  session: SessionGrant;
}

/** Signup: a tenant with a ready database and its owner, signed in. */
@Injectable()
export class RegisterTenant {
  constructor(
    private readonly central: CentralDb,
    private readonly provisioning: TenantProvisioning,
    private readonly passwords: PasswordHasher,
    private readonly config: AuthConfig,
  ) {}

  async execute(command: RegisterTenantCommand): Promise<RegisteredTenant> {
    // The DTO checks the policy too; the use case does not rely on its caller.
    const weakness = passwordProblem(command.owner.password);
    if (weakness) throw DomainError.validation('password', weakness);
    // Before the (slow on purpose) hash and the provisioning: a taken e-mail answers at once.
    // The unique index still decides a race (translateCentralError: 409 naming the field).
    if (await isEmailTaken(this.central.pool, command.owner.email)) throw DomainError.conflict('An account with this e-mail already exists', 'email');
    const passwordHash = await this.passwords.hash(command.owner.password);
    const { tenant, owner } = await this.provisioning.provision({
      slug: command.slug,
      name: command.companyName,
      defaultCurrency: command.defaultCurrency,
      owner: { email: command.owner.email, name: command.owner.name, passwordHash },
      plan: this.config.signupPlan,
    });
    const session = await startSession(this.central, { user: owner, meta: command.meta, refreshTokenTtlDays: this.config.refreshTokenTtlDays });
    return { tenant, owner, session };
  }
}
