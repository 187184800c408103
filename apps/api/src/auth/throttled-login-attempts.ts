import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AccountLockedJob, JOBS, QUEUES, jobId } from '@nova/queue';
import type { LoginAttempts, SessionMeta } from '@nova/tenancy';
import { AuthThrottle } from './auth-throttle';

/** The LogIn use case's LoginAttempts: the throttle per IP and account, and the lockout e-mail. */
@Injectable()
export class ThrottledLoginAttempts implements LoginAttempts {
  private readonly logger = new Logger(ThrottledLoginAttempts.name);

  constructor(
    private readonly throttle: AuthThrottle,
    @InjectQueue(QUEUES.accountSecurity) private readonly securityQueue: Queue<AccountLockedJob>,
  ) {}

  admit(email: string, meta: SessionMeta): Promise<void> {
    return this.throttle.admitLogin(email, meta.ip);
  }

  async failed(email: string, userId: string | null, meta: SessionMeta): Promise<void> {
    const outcome = await this.throttle.recordFailure(email);
    // Not awaited: a known account must not answer measurably slower than an unknown one.
    if (userId && outcome.lockoutStarted) void this.noticeLockout(userId, outcome.lockedForSeconds, meta);
  }

  succeeded(email: string): Promise<void> {
    return this.throttle.recordSuccess(email);
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
