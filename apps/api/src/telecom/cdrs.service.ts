import { DomainError, ErrorCode } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { csvTextCell, decodeCursor } from '@nova/common';
import { formatNanos } from '@nova/rating';
import { TenantDb } from '@nova/tenancy';
import { CDR_UPLOAD_MAX_ROWS, MAX_CDRS_PER_BATCH, TelecomRatingService, readCdrCsv, requeueCdrs, storeCdrs, validateCdrs } from '@nova/telecom';
import { CDR_COLUMNS, CdrRow, cdrCursor, cdrDto, cdrFilter, listCdrs } from './cdr-queries';
import { CdrDto, CdrFilterQuery, CdrPageDto, IngestResultDto, ListCdrsQuery, TopDestinationsQuery } from './dto/cdr.dto';

/** Rows per FETCH of an export: ~0.3 MB, parsed and formatted in a few ms, so other requests are served between batches. */
const EXPORT_FETCH_SIZE = 1_000;
const CSV_HEADER = 'id,switch_id,caller_number,called_number,started_at,duration_seconds,status,destination,currency,cost,billed_seconds,bundle_seconds,over_limit,failure_reason\n';

@Injectable()
export class CdrsService {
  constructor(
    private readonly db: TenantDb,
    private readonly rating: TelecomRatingService,
  ) {}

  /** Stores valid CDRs as pending (duplicates ignored) and queues their rating: acknowledged, not yet rated. */
  async ingest(items: readonly unknown[]): Promise<IngestResultDto> {
    if (items.length > MAX_CDRS_PER_BATCH) throw DomainError.validation('cdrs', `at most ${MAX_CDRS_PER_BATCH} CDRs per request, got ${items.length}`);
    const { cdrs, rejected } = validateCdrs(items);
    const { pool } = await this.db.connection();
    const stored = await storeCdrs(pool, cdrs);
    if (stored.accepted > 0) await this.rating.queueRating();
    return { ...stored, rejected };
  }

  /** One CDR: a refused one is a 400 naming its fields (a batch reports refusals per CDR instead). */
  async ingestOne(item: unknown): Promise<IngestResultDto> {
    const { rejected } = validateCdrs([item], 'cdr');
    if (rejected.length > 0) {
      const fields = rejected.map(({ field, message }) => ({ field: field.replace(/^cdr\[0\]\.?/, '') || 'body', message }));
      throw new DomainError(ErrorCode.ValidationFailed, fields.map((e) => `${e.field}: ${e.message}`).join('; '), { fields });
    }
    return this.ingest([item]);
  }

  /** A CDR CSV, read as it arrives: refused (413) at the row past the batch limit, (400) at bytes that cannot be stored. */
  async ingestCsv(csv: string | Readable): Promise<IngestResultDto> {
    const { items, errors } = await readCdrCsv(csv, CDR_UPLOAD_MAX_ROWS);
    if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { fields: errors });
    return this.ingest(items);
  }

  async list(query: ListCdrsQuery): Promise<CdrPageDto> {
    const after = decodeCursor(query.cursor);
    if (after && !/^\d+$/.test(after.id)) throw DomainError.validation('cursor', 'is not a cursor this API issued');
    const { pool } = await this.db.connection();
    const rows = await listCdrs(pool, query);
    const data = rows.slice(0, query.limit);
    return { data: data.map(cdrDto), nextCursor: rows.length > query.limit ? cdrCursor(data[data.length - 1]!) : null };
  }

  async get(id: string): Promise<CdrDto> {
    const { pool } = await this.db.connection();
    const { rows } = await pool.query<CdrRow>(`SELECT ${CDR_COLUMNS} FROM cdrs c LEFT JOIN telecom_accounts a ON a.id = c.account_id WHERE c.id = $1`, [id]);
    if (!rows[0]) throw DomainError.notFound('CDR', id);
    return cdrDto(rows[0]);
  }

  /**
   * CSV of the matching CDRs, streamed from a server-side cursor a few thousand rows at a time:
   * memory stays flat whatever the export's size. Closing the response stops the query.
   */
  async export(query: CdrFilterQuery): Promise<Readable> {
    const { pool } = await this.db.connection();
    const filter = cdrFilter(query);
    const client = await pool.connect();
    async function* lines(): AsyncGenerator<string> {
      let finished = false;
      try {
        await client.query('BEGIN READ ONLY');
        await client.query({
          text: `DECLARE cdr_export NO SCROLL CURSOR FOR
                 SELECT ${CDR_COLUMNS} FROM cdrs c LEFT JOIN telecom_accounts a ON a.id = c.account_id WHERE ${filter.where} ORDER BY c.started_at, c.id`,
          values: filter.values,
        });
        yield CSV_HEADER;
        for (;;) {
          const { rows } = await client.query<CdrRow>(`FETCH ${EXPORT_FETCH_SIZE} FROM cdr_export`);
          if (rows.length === 0) break;
          let chunk = '';
          for (const row of rows) {
            // Text cells through csvTextCell (formula-neutralised, quoted); numbers as numbers.
            chunk += `${row.id},${csvTextCell(row.switch_id)},${csvTextCell(row.caller_number)},${csvTextCell(row.called_number)},${row.started_at.toISOString()},${row.duration_ms / 1000},${csvTextCell(row.status)},`;
            chunk += `${csvTextCell(row.destination)},${csvTextCell(row.currency)},${formatNanos(Number(row.cost_nanos))},${row.billed_seconds},${row.bundle_seconds},${row.over_limit},${csvTextCell(row.failure_reason)}\n`;
          }
          yield chunk;
        }
        await client.query('COMMIT');
        finished = true;
      } finally {
        if (!finished) await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      }
    }
    return Readable.from(lines());
  }

  async statistics(query: CdrFilterQuery) {
    const { pool } = await this.db.connection();
    const filter = cdrFilter(query);
    const { rows } = await pool.query<{ status: string; calls: number; billed_seconds: string; bundle_seconds: string; cost_nanos: string; over_limit: number; currency: string | null }>(
      `SELECT c.status, a.currency, count(*)::int AS calls, coalesce(sum(c.billed_seconds), 0)::text AS billed_seconds,
              coalesce(sum(c.bundle_seconds), 0)::text AS bundle_seconds, coalesce(sum(c.cost_nanos), 0)::text AS cost_nanos,
              count(*) FILTER (WHERE c.over_limit)::int AS over_limit
         FROM cdrs c LEFT JOIN telecom_accounts a ON a.id = c.account_id
        WHERE ${filter.where}
        GROUP BY c.status, a.currency ORDER BY c.status, a.currency`,
      filter.values,
    );
    const { rows: reasons } = await pool.query<{ reason: string; calls: number }>(
      `SELECT c.failure_reason AS reason, count(*)::int AS calls FROM cdrs c WHERE ${filter.where} AND c.status = 'unratable' GROUP BY 1 ORDER BY 2 DESC`,
      filter.values,
    );
    return {
      byStatus: rows.map((row) => ({
        status: row.status,
        currency: row.currency,
        calls: row.calls,
        billedSeconds: Number(row.billed_seconds),
        bundleSeconds: Number(row.bundle_seconds),
        costNanos: row.cost_nanos,
        overLimit: row.over_limit,
      })),
      unratableReasons: reasons,
    };
  }

  async topDestinations(query: TopDestinationsQuery) {
    const { pool } = await this.db.connection();
    const filter = cdrFilter({ from: query.from, to: query.to, status: 'rated' }, 2);
    const { rows } = await pool.query<{ destination: string; currency: string; calls: number; billed_seconds: string; cost_nanos: string }>(
      `SELECT c.destination, a.currency, count(*)::int AS calls, sum(c.billed_seconds)::text AS billed_seconds, sum(c.cost_nanos)::text AS cost_nanos
         FROM cdrs c JOIN telecom_accounts a ON a.id = c.account_id
        WHERE ${filter.where}
        GROUP BY c.destination, a.currency ORDER BY sum(c.cost_nanos) DESC, count(*) DESC LIMIT $1`,
      [query.limit, ...filter.values],
    );
    return rows.map((row) => ({ destination: row.destination, currency: row.currency, calls: row.calls, billedSeconds: Number(row.billed_seconds), costNanos: row.cost_nanos }));
  }

  /** Queues one CDR for rating again (after a plan or number fix); billed CDRs stay as invoiced. */
  async retry(id: string): Promise<CdrDto> {
    const { pool } = await this.db.connection();
    if ((await requeueCdrs(pool, 'c.id = $1', [id])) === 0) {
      const cdr = await this.get(id);
      throw DomainError.invalidState(`CDR ${id} was billed on invoice ${cdr.invoiceId} and cannot be re-rated`);
    }
    await this.rating.queueRating();
    return this.get(id);
  }

  /** Re-rates every unbilled CDR matching the filters (e.g. status=unratable, or a period after a price fix). */
  async retryMany(query: CdrFilterQuery): Promise<{ queued: number }> {
    const { pool } = await this.db.connection();
    const filter = cdrFilter(query);
    const queued = await requeueCdrs(pool, `${filter.where} AND c.status <> 'pending'`, filter.values);
    if (queued > 0) await this.rating.queueRating();
    return { queued };
  }
}
