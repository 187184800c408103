import { DomainError, ErrorCode } from '@nova/domain';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { CentralDb } from '@nova/central-db';
import { AccountLockedJob, JOBS, QUEUES, jobId } from '@nova/queue';
import { TenantDirectory, TenantProvisioning } from '@nova/tenancy';
import { AuthThrottle } from './auth-throttle';
import { LoginDto, RegisterDto, RegisterResponseDto } from './dto/auth.dto';
import { PasswordHasher } from './password-hasher';
import { assertTenantAccessible } from './tenant-access';
import { SessionMeta, TokenPair, TokenService } from './token.service';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  // Verifying against a real hash when the e-mail is unknown keeps login timing uniform.
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly central: CentralDb,
    private readonly provisioning: TenantProvisioning,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly directory: TenantDirectory,
    private readonly throttle: AuthThrottle,
    @InjectQueue(QUEUES.accountSecurity) private readonly securityQueue: Queue<AccountLockedJob>,
  ) {
    this.dummyHash = passwords.hash('not-a-real-password');
  }

  async register(input: RegisterDto, meta: SessionMeta): Promise<RegisterResponseDto> {
    await this.throttle.admit('credentials', meta.ip);
    const taken = await this.central.prisma.adminUser.findUnique({ where: { email: input.email }, select: { id: true } });
    if (taken) throw DomainError.conflict('An account with this e-mail already exists', 'email');
    const passwordHash = await this.passwords.hash(input.password);
    const { tenant, owner } = await this.provisioning.provision({
      slug: input.slug,
      name: input.companyName,
      defaultCurrency: input.defaultCurrency,
      owner: { email: input.email, name: input.name, passwordHash },
    });
    const tokens = await this.tokens.issue(owner, meta);
    return { ...tokens, tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status } };
  }

  async login(input: LoginDto, meta: SessionMeta): Promise<TokenPair> {
    await this.throttle.admitLogin(input.email, meta.ip);
    const user = await this.central.prisma.adminUser.findUnique({ where: { email: input.email } });
    const valid = await this.passwords.verify(user?.passwordHash ?? (await this.dummyHash), input.password);
    if (!user || !valid) {
      const outcome = await this.throttle.recordFailure(input.email);
      // Not awaited: a known account must not answer measurably slower than an unknown one.
      if (user && outcome.lockoutStarted) void this.noticeLockout(user.id, outcome.lockedForSeconds, meta);
      throw new DomainError(ErrorCode.Unauthenticated, 'Wrong e-mail or password');
    }
    await this.throttle.recordSuccess(input.email);
    // Only after the password: the suspension is no one else's business.
    assertTenantAccessible(await this.directory.find(user.tenantId));
    await this.central.prisma.adminUser.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    return this.tokens.issue(user, meta);
  }

  async refresh(refreshToken: string, meta: SessionMeta): Promise<TokenPair> {
    await this.throttle.admit('tokens', meta.ip);
    return this.tokens.rotate(refreshToken, meta);
  }

  async logout(refreshToken: string, meta: SessionMeta): Promise<void> {
    await this.throttle.admit('tokens', meta.ip);
    return this.tokens.revoke(refreshToken);
  }

  /** The e-mail goes out through the worker; failing to queue it must not change the answer (that would reveal the account). */
  private async noticeLockout(userId: string, lockedForSeconds: number, meta: SessionMeta): Promise<void> {
    const at = new Date();
    const job: AccountLockedJob = { correlationId: meta.requestId ?? randomUUID(), userId, lockedForSeconds, ip: meta.ip, at: at.toISOString() };
    await this.securityQueue
      .add(JOBS.accountLocked, job, { jobId: jobId('locked', userId, at.getTime()) })
      .catch((error: Error) => this.logger.error({ userId, err: error }, `Could not queue the lockout e-mail: ${error.message}`));
  }
}
