import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DomainError, ErrorCode, type FieldProblem } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { MAX_CDRS_PER_BATCH, readCdrCsv, validateCdrs } from '../cdr-input';
import { type IngestResult, storeCdrs } from '../cdrs.repository';
import { RatingQueue } from '../rating-queue';
import { CDR_UPLOAD_MAX_ROWS } from '../upload-limits';

/** CDRs as a switch sends them: one (refused as a whole when invalid), a batch, or a CSV read as it arrives. */
export type IngestCdrsCommand = { readonly one: unknown } | { readonly batch: readonly unknown[] } | { readonly csv: string | Readable };

export interface IngestCdrsResult extends IngestResult {
  /** Invalid CDRs of a batch, left out. */
  rejected: (FieldProblem & { index: number })[];
}

/**
 * Stores valid CDRs as pending (a switch id already stored is a duplicate, ignored) and queues
 * their rating: acknowledged, not yet rated. A batch reports refusals per CDR; a single CDR is a
 * 400 naming its fields; a CSV is refused (413) at the row past the batch limit, (400) at bytes
 * that cannot be stored.
 */
@Injectable()
export class IngestCdrs {
  constructor(private readonly ratingQueue: RatingQueue) {}

  async execute(db: TenantDatabase, command: IngestCdrsCommand): Promise<IngestCdrsResult> {
    const items = 'batch' in command ? command.batch : 'one' in command ? [refuseInvalid(command.one)] : await readCsv(command.csv);
    if (items.length > MAX_CDRS_PER_BATCH) throw DomainError.validation('cdrs', `at most ${MAX_CDRS_PER_BATCH} CDRs per request, got ${items.length}`);
    const { cdrs, rejected } = validateCdrs(items);
    const stored = await storeCdrs(db.pool, cdrs);
    if (stored.accepted > 0) await this.ratingQueue.queueRating();
    return { ...stored, rejected };
  }
}

function refuseInvalid(item: unknown): unknown {
  const { rejected } = validateCdrs([item], 'cdr');
  if (rejected.length === 0) return item;
  const fields = rejected.map(({ field, message }) => ({ field: field.replace(/^cdr\[0\]\.?/, '') || 'body', message }));
  throw new DomainError(ErrorCode.ValidationFailed, fields.map((e) => `${e.field}: ${e.message}`).join('; '), { fields });
}

async function readCsv(csv: string | Readable): Promise<unknown[]> {
  const { items, errors } = await readCdrCsv(csv, CDR_UPLOAD_MAX_ROWS);
  if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { fields: errors });
  return items;
}
