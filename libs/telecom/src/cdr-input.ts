import { parse } from 'csv-parse/sync';
import { MAX_CALL_SECONDS, normalizeNumber } from '@nova/rating';
import type { FieldProblem } from '@nova/common';

/** A CDR as a switch sends it. */
export interface CdrInput {
  /** The switch's unique id for the call. */
  id: string;
  callerNumber: string;
  calledNumber: string;
  /** Answer time, ISO 8601 with offset. */
  startedAt: string;
  durationSeconds: number;
}

/** A validated CDR ready to store. */
export interface NewCdr {
  switchId: string;
  /** Normalised digits: matched against the DID inventory. */
  callerNumber: string;
  calledNumber: string;
  startedAt: Date;
  durationMs: number;
}

export const MAX_CDRS_PER_BATCH = 10_000;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Validates CDRs one by one (hand-written: class-validator costs more than the insert on a
 * 10,000-CDR batch). Bad CDRs are reported by index and field and left out; the rest are stored.
 */
export function validateCdrs(items: readonly unknown[], path = 'cdrs'): { cdrs: NewCdr[]; rejected: (FieldProblem & { index: number })[] } {
  const cdrs: NewCdr[] = [];
  const rejected: (FieldProblem & { index: number })[] = [];
  items.forEach((item, index) => {
    const problem = (field: string, message: string) => rejected.push({ index, field: `${path}[${index}].${field}`, message });
    if (typeof item !== 'object' || item === null) return void rejected.push({ index, field: `${path}[${index}]`, message: 'must be an object' });
    const raw = item as Record<string, unknown>;
    const before = rejected.length;
    const switchId = typeof raw.id === 'string' ? raw.id.trim() : '';
    if (switchId.length === 0 || switchId.length > 128) problem('id', 'must be the switch\'s call id (1 to 128 characters)');
    const caller = typeof raw.callerNumber === 'string' ? normalizeNumber(raw.callerNumber) : null;
    if (caller === null) problem('callerNumber', 'must be a phone number');
    const called = typeof raw.calledNumber === 'string' && raw.calledNumber.length <= 64 ? raw.calledNumber : null;
    if (called === null || normalizeNumber(called) === null) problem('calledNumber', 'must be a phone number');
    const startedAt = typeof raw.startedAt === 'string' && ISO_WITH_OFFSET.test(raw.startedAt) ? new Date(raw.startedAt) : null;
    if (startedAt === null || Number.isNaN(startedAt.getTime())) problem('startedAt', 'must be an ISO 8601 date-time with offset, e.g. 2026-03-01T10:15:00Z');
    const duration = typeof raw.durationSeconds === 'string' && raw.durationSeconds.trim() !== '' ? Number(raw.durationSeconds) : raw.durationSeconds;
    if (typeof duration !== 'number' || !(duration >= 0 && duration <= MAX_CALL_SECONDS)) problem('durationSeconds', `must be a number of seconds from 0 to ${MAX_CALL_SECONDS}`);
    if (rejected.length > before) return;
    cdrs.push({ switchId, callerNumber: caller!, calledNumber: called!, startedAt: startedAt!, durationMs: Math.round((duration as number) * 1000) });
  });
  return { cdrs, rejected };
}

/** CSV with a header: id, caller_number, called_number, started_at, duration_seconds (any order, any case). */
export function parseCdrCsv(text: string): { items: unknown[]; errors: FieldProblem[] } {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (error) {
    return { items: [], errors: [{ field: 'csv', message: (error as Error).message }] };
  }
  const required = ['id', 'caller_number', 'called_number', 'started_at', 'duration_seconds'];
  const missing = records.length > 0 ? required.filter((column) => !(column in records[0]!)) : [];
  if (missing.length > 0) return { items: [], errors: missing.map((column) => ({ field: 'header', message: `missing column ${column}` })) };
  return {
    items: records.map((row) => ({ id: row.id, callerNumber: row.caller_number, calledNumber: row.called_number, startedAt: row.started_at, durationSeconds: row.duration_seconds })),
    errors: [],
  };
}
