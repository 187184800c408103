import { Injectable } from '@nestjs/common';
import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { type CdrFilter, type CdrView, findCdr, requeueCdr, requeueMatchingCdrs } from '../cdrs.repository';
import { RatingQueue } from '../rating-queue';

/** One CDR by id, or every CDR matching a filter (e.g. status=unratable, or a period after a price fix). */
export type RetryCdrsCommand = { readonly cdrId: string } | { readonly filter: CdrFilter };

/**
 * Sends unbilled CDRs back to rating (after a plan or number fix) and queues it: balances and
 * unbilled usage then change by the difference only. Billed CDRs stay as invoiced; retrying one by
 * id is refused (409).
 */
@Injectable()
export class RetryCdrs {
  constructor(private readonly ratingQueue: RatingQueue) {}

  async execute(db: TenantDatabase, command: { cdrId: string }): Promise<CdrView>;
  async execute(db: TenantDatabase, command: { filter: CdrFilter }): Promise<{ queued: number }>;
  async execute(db: TenantDatabase, command: RetryCdrsCommand): Promise<CdrView | { queued: number }> {
    if ('filter' in command) {
      const queued = await requeueMatchingCdrs(db.pool, command.filter);
      if (queued > 0) await this.ratingQueue.queueRating();
      return { queued };
    }
    if ((await requeueCdr(db.pool, command.cdrId)) === 0) {
      const cdr = await findCdr(db.pool, command.cdrId);
      if (!cdr) throw DomainError.notFound('CDR', command.cdrId);
      throw DomainError.invalidState(`CDR ${command.cdrId} was billed on invoice ${cdr.invoiceId} and cannot be re-rated`);
    }
    await this.ratingQueue.queueRating();
    return (await findCdr(db.pool, command.cdrId))!;
  }
}
