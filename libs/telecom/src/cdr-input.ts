import { parse } from 'csv-parse';
import { pipeline, type Readable } from 'node:stream';
import { CsvTextError, fieldWithNul, MAX_CALL_SECONDS, normalizeNumber, NUL_MESSAGE, utf8Guard } from '@nova/rating';
import { cdrStartedAtProblem, DomainError, ErrorCode, type FieldProblem } from '@nova/domain';

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
  const now = new Date();
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
    else {
      const outOfRange = cdrStartedAtProblem(startedAt, now);
      if (outOfRange) problem('startedAt', outOfRange);
    }
    const duration = typeof raw.durationSeconds === 'string' && raw.durationSeconds.trim() !== '' ? Number(raw.durationSeconds) : raw.durationSeconds;
    if (typeof duration !== 'number' || !(duration >= 0 && duration <= MAX_CALL_SECONDS)) problem('durationSeconds', `must be a number of seconds from 0 to ${MAX_CALL_SECONDS}`);
    if (rejected.length > before) return;
    cdrs.push({ switchId, callerNumber: caller!, calledNumber: called!, startedAt: startedAt!, durationMs: Math.round((duration as number) * 1000) });
  });
  return { cdrs, rejected };
}

const CDR_CSV_COLUMNS = ['id', 'caller_number', 'called_number', 'started_at', 'duration_seconds'];

/** A problem of a CDR CSV that refuses the whole file; `line` when it is at a line. */
export type CdrCsvProblem = FieldProblem & { line?: number };

/**
 * Reads a CDR CSV with a header: id, caller_number, called_number, started_at, duration_seconds
 * (any order, any case), streamed: records are taken as the bytes arrive and reading stops at the
 * first problem. Returns the CDRs as `validateCdrs` takes them, or the problems that refuse the file
 * (CSV syntax, missing columns, bytes that are not UTF-8, a NUL character: by line and column).
 * More than `maxRows` CDRs throw a PayloadTooLarge DomainError as soon as the next row arrives.
 */
export function readCdrCsv(input: string | Buffer | Readable, maxRows = MAX_CDRS_PER_BATCH): Promise<{ items: unknown[]; errors: CdrCsvProblem[] }> {
  return new Promise((resolve, reject) => {
    const items: unknown[] = [];
    const errors: CdrCsvProblem[] = [];
    let settled = false;
    const settle = (refusal?: DomainError) => {
      if (settled) return;
      settled = true;
      parser.destroy();
      if (refusal) reject(refusal);
      else resolve(errors.length > 0 ? { items: [], errors } : { items, errors });
    };
    const columns = (header: string[]) => {
      const names = header.map((name) => name.trim().toLowerCase());
      const nul = fieldWithNul(names);
      if (nul >= 0) errors.push({ line: 1, field: `line 1: column ${nul + 1}`, message: NUL_MESSAGE });
      else for (const column of CDR_CSV_COLUMNS) if (!names.includes(column)) errors.push({ field: 'header', message: `missing column ${column}` });
      return names;
    };
    const parser = parse({ bom: true, columns, skip_empty_lines: true, trim: true, relax_column_count: true, info: true });
    parser.on('data', ({ record: row, info }: { record: Record<string, string>; info: { lines: number } }) => {
      if (settled) return;
      if (errors.length > 0) return settle();
      if (items.length === maxRows) {
        return settle(new DomainError(ErrorCode.PayloadTooLarge, `a CDR upload holds at most ${maxRows.toLocaleString('en')} CDRs: line ${info.lines} is one more`, { fields: [{ field: 'csv', message: `at most ${maxRows} CDRs per upload` }], limit: maxRows }));
      }
      for (const column of CDR_CSV_COLUMNS) {
        if (row[column]?.includes('\u0000')) {
          errors.push({ line: info.lines, field: `line ${info.lines}: ${column}`, message: NUL_MESSAGE });
          return settle();
        }
      }
      items.push({ id: row.id, callerNumber: row.caller_number, calledNumber: row.called_number, startedAt: row.started_at, durationSeconds: row.duration_seconds });
    });
    parser.on('error', (error: Error) => {
      // An DomainError comes from the source (e.g. the API's byte limit): it refuses the upload as it is.
      if (error instanceof DomainError) return settle(error);
      if (error instanceof CsvTextError) errors.push({ line: error.line, field: `line ${error.line}: ${error.field}`, message: error.detail });
      else errors.push({ field: 'csv', message: error.message });
      settle();
    });
    parser.on('end', () => settle());
    if (typeof input === 'string') parser.end(input);
    else pipeline(Buffer.isBuffer(input) ? [input] : input, utf8Guard(), parser, () => undefined);
  });
}
