import { DomainError, passwordProblem } from '@nova/domain';
import { Injectable, Logger } from '@nestjs/common';
import { CentralDb, Tenant } from '@nova/central-db';
import { AuthConfig } from '@nova/config';
import { AccountMailQueue } from '../account-mail-queue';
import { AdminUserRow, isEmailTaken } from '../admin-users.repository';
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
  owner: AdminUserRow;
  /** The owner is signed in. */
  session: SessionGrant;
}

/** Signup: a tenant with a ready database and its owner, signed in, and the owner's verification e-mail on its way. */
@Injectable()
export class RegisterTenant {
  private readonly logger = new Logger(RegisterTenant.name);

  constructor(
    private readonly central: CentralDb,
    private readonly provisioning: TenantProvisioning,
    private readonly passwords: PasswordHasher,
    private readonly config: AuthConfig,
    private readonly mail: AccountMailQueue,
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
    // The tenant exists now: a queue outage must not fail the signup (the owner can ask again, POST /api/account/email-verification).
    await this.mail
      .enqueue({ kind: 'email_verification', userId: owner.id }, command.meta?.requestId)
      .catch((error: Error) => this.logger.error({ userId: owner.id, err: error }, `Could not queue the verification e-mail: ${error.message}`));
    const session = await startSession(this.central, { user: owner, meta: command.meta, refreshTokenTtlDays: this.config.refreshTokenTtlDays });
    return { tenant, owner, session };
  }
}
