import { Injectable } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import { Mailer, webhookEndpointDisabledEmail } from '@nova/mail';
import { findTenantOwnerContacts } from '@nova/tenancy';

export interface NotifyEndpointDisabledCommand {
  readonly tenantId: string;
  readonly url: string;
}

/** E-mails every owner of the tenant that the platform disabled one of its webhook endpoints. */
@Injectable()
export class NotifyEndpointDisabled {
  constructor(
    private readonly central: CentralDb,
    private readonly mailer: Mailer,
  ) {}

  async execute(command: NotifyEndpointDisabledCommand): Promise<{ messageIds: string[] }> {
    const owners = await findTenantOwnerContacts(this.central, command.tenantId);
    const messageIds: string[] = [];
    for (const owner of owners) {
      const email = webhookEndpointDisabledEmail({ userName: owner.name, tenantName: owner.tenantName, url: command.url });
      messageIds.push((await this.mailer.send({ to: owner.email, ...email })).messageId);
    }
    return { messageIds };
  }
}
