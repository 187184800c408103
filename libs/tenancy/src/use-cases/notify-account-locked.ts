import { Injectable } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import { DomainError } from '@nova/domain';
import { Mailer, accountLockedEmail } from '@nova/mail';
import { findAdminContact } from '../admin-users.repository';

export interface NotifyAccountLockedCommand {
  readonly userId: string;
  readonly lockedForSeconds: number;
  readonly ip?: string;
  readonly at: Date;
}

/**
 * E-mails an admin that repeated wrong passwords locked their sign-in (the API's login throttle
 * queues the job when a lockout starts). A user deleted meanwhile is not_found: nothing to send.
 */
@Injectable()
export class NotifyAccountLocked {
  constructor(
    private readonly central: CentralDb,
    private readonly mailer: Mailer,
  ) {}

  async execute(command: NotifyAccountLockedCommand): Promise<{ messageId: string }> {
    const user = await findAdminContact(this.central.pool, command.userId);
    if (!user) throw DomainError.notFound('Admin user', command.userId);
    const email = accountLockedEmail({ userName: user.name, tenantName: user.tenantName, lockedForSeconds: command.lockedForSeconds, ip: command.ip, at: command.at });
    return this.mailer.send({ to: user.email, ...email });
  }
}
