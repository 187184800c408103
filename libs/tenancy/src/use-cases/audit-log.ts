import { auditRetentionCutoff } from '@nova/domain';
import { type Page, type PageRequest, decodeCursor, resolveWindow, toPage } from '@nova/common';
import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { type AuditEntryRecord, type AuditLogFilter, auditEntryPosition, deleteAuditEntriesBefore, listAuditEntries } from '../audit/audit-log.repository';

export type { AuditEntryRecord, AuditLogFilter } from '../audit/audit-log.repository';

const ENTRY_ID = /^\d{1,18}$/;

/** One keyset page of the tenant's audit log, newest first; `startingAfter` / `endingBefore` take an entry's id. */
export async function listAuditLog(db: TenantDatabase, query: AuditLogFilter & PageRequest): Promise<Page<AuditEntryRecord>> {
  const after = decodeCursor(query.cursor);
  if (after && !ENTRY_ID.test(after.id)) throw DomainError.validation('cursor', 'is not a cursor this API issued');
  const window = await resolveWindow(query, (id) => auditEntryPosition(db.pool, id), ENTRY_ID);
  return toPage(await listAuditEntries(db.pool, query, window), query.limit, (entry) => ({ createdAt: entry.occurredAt, id: entry.id }), window);
}

export interface PruneAuditLogCommand {
  retentionDays: number;
  /** Defaults to the current time. */
  now?: Date;
  /** Rows per DELETE: each batch is a short transaction, so a first prune of a big log never holds locks for long. */
  batchSize?: number;
}

/** Deletes the entries older than the retention period (AUDIT_LOG_RETENTION_DAYS); says how many and up to when. */
export async function pruneAuditLog(db: TenantDatabase, command: PruneAuditLogCommand): Promise<{ deleted: number; before: Date }> {
  const before = auditRetentionCutoff(command.now ?? new Date(), command.retentionDays);
  const batchSize = command.batchSize ?? 5_000;
  let deleted = 0;
  for (;;) {
    const batch = await deleteAuditEntriesBefore(db.pool, before, batchSize);
    deleted += batch;
    if (batch < batchSize) return { deleted, before };
  }
}
