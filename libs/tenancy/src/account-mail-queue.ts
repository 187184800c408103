import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AccountMailJob, AccountMailRequest, JOBS, QUEUES } from '@nova/queue';

/** Hands account e-mails to the worker (the account-security queue); the use cases that change an account call it. */
@Injectable()
export class AccountMailQueue {
  constructor(@InjectQueue(QUEUES.accountSecurity) private readonly queue: Queue<AccountMailJob>) {}

  async enqueue(request: AccountMailRequest, correlationId: string = randomUUID()): Promise<void> {
    await this.queue.add(JOBS.accountMail, { ...request, correlationId });
  }
}
