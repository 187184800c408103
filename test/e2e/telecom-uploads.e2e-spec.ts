// CSV uploads (CDR files, rate decks) are read as they arrive under per-endpoint limits: past the
// row or byte limit the answer is a 413 naming the limit, given without reading the rest of the
// body; bytes that cannot be stored (a NUL character, broken UTF-8) are a 400 naming line and column.
import { request as httpRequest } from 'node:http';
import { CDR_UPLOAD_MAX_BYTES, CDR_UPLOAD_MAX_ROWS, RATE_DECK_MAX_BYTES, RATE_DECK_MAX_LINES } from '@nova/telecom';
import { PrivateDatabases, privateDatabases } from '../support/private-databases';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const CDR_HEADER = 'id,caller_number,called_number,started_at,duration_seconds';
const DECK_HEADER = 'prefix,destination,rate_per_unit,unit_seconds,initial_increment,subsequent_increment,connect_fee';
const BOUNDARY = 'nova-upload-boundary';

interface Answer {
  status: number;
  body: { code?: string; message?: string; fields?: { field: string; message: string; line?: number }[]; accepted?: number };
  /** Bytes of the body written before the answer came. */
  sent: number;
  connection?: string;
}

/** Chunks of CDR CSV rows from `from` on, ~64 KB each, `pad` characters of an extra column per row. */
function* cdrRows(from: number, count: number, pad = 0): Generator<Buffer> {
  const extra = pad > 0 ? `,${'x'.repeat(pad)}` : '';
  let chunk = '';
  for (let n = from; n < from + count; n++) {
    chunk += `up-${n},+254700000001,+2348031230001,2026-03-01T10:00:00Z,60${extra}\n`;
    if (chunk.length >= 65_536) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  if (chunk) yield Buffer.from(chunk);
}

function* deckLines(count: number, destinationLength = 10): Generator<Buffer> {
  const name = 'D'.repeat(destinationLength);
  let chunk = '';
  for (let n = 0; n < count; n++) {
    chunk += `${1_000_000 + n},${name},1,60,60,60,0\n`;
    if (chunk.length >= 65_536) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  if (chunk) yield Buffer.from(chunk);
}

function* multipart(parts: Iterable<Buffer>): Generator<Buffer> {
  yield Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="upload.csv"\r\ncontent-type: text/csv\r\n\r\n`);
  yield* parts;
  yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
}

/** Resolves when `req` can take more, or is answered or closed. */
function writable(req: ReturnType<typeof httpRequest>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done).off('response', done).off('close', done);
      resolve();
    };
    req.on('drain', done).on('response', done).on('close', done);
  });
}

describe('telecom uploads', () => {
  let dbs: PrivateDatabases;
  let app: TestApp;
  let tenant: TenantSession;
  let planId: string;

  /**
   * POSTs `parts` as a streamed body (chunked unless `declaredLength`), writing only as fast as the
   * server reads, and stops writing when the answer comes: `sent` tells how much the server took.
   */
  function upload(path: string, parts: Iterable<Buffer>, options: { multipart?: boolean; declaredLength?: number } = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = {
        authorization: `Bearer ${tenant.apiKey}`,
        'content-type': options.multipart ? `multipart/form-data; boundary=${BOUNDARY}` : 'text/csv',
      };
      if (options.declaredLength !== undefined) headers['content-length'] = options.declaredLength;
      const req = httpRequest(new URL(path, app.url), { method: 'POST', headers });
      let sent = 0;
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString() || 'null'), sent, connection: res.headers.connection }));
      });
      // Writing into a connection the server closed after answering fails; the answer is what counts.
      req.on('error', (error) => (answered ? undefined : reject(error)));
      void (async () => {
        for (const part of options.multipart ? multipart(parts) : parts) {
          if (answered || req.destroyed) return;
          sent += part.length;
          if (!req.write(part)) await writable(req);
        }
        if (!answered) req.end();
      })();
    });
  }

  const storedCdrs = async () => ((await tenant.as.get('/api/cdrs/statistics').expect(200)).body.byStatus as { calls: number }[]).reduce((sum, row) => sum + row.calls, 0);

  beforeAll(async () => {
    dbs = await privateDatabases('upl');
    // No worker: these tests are about intake; stored CDRs stay pending.
    app = await startTestApp({ env: dbs.env, worker: false });
    tenant = await registerTenant(app, { defaultCurrency: 'NGN' });
    const plan = await tenant.as.post('/api/rate-plans').send({ name: 'Uploads', currency: 'NGN', timezone: 'Africa/Lagos', rounding: { method: 'up', decimals: 4 } }).expect(201);
    planId = plan.body.id;
  });

  afterAll(async () => {
    await app?.close();
    await dbs?.drop();
  });

  it('refuses a CDR file of one row more than the batch limit with a 413 naming it, storing nothing', async () => {
    const answer = await upload('/api/cdrs/upload', [Buffer.from(`${CDR_HEADER}\n`), ...cdrRows(0, CDR_UPLOAD_MAX_ROWS + 1)]);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('at most 10,000 CDRs') });
    expect(await storedCdrs()).toBe(0);
  });

  it('stops reading a CDR upload at the row limit: of 1,000,000 rows (61 MB) sent as they are read, most are never taken', async () => {
    for (const multipartBody of [false, true]) {
      const answer = await upload('/api/cdrs/upload', [Buffer.from(`${CDR_HEADER}\n`), ...cdrRows(0, 1_000_000)], { multipart: multipartBody });
      expect(answer.status).toBe(413);
      expect(answer.body.message).toContain('at most 10,000 CDRs');
      // The server needed ~0.6 MB (10,001 rows); the rest is what the sockets buffered (~4 MB here).
      expect(answer.sent).toBeLessThan(20 * 1024 * 1024);
      // The answer closes the connection: the rest of the body is neither read nor left hanging.
      expect(answer.connection).toBe('close');
    }
    expect(await storedCdrs()).toBe(0);
  });

  it('takes a CDR file of exactly the batch limit', async () => {
    const answer = await upload('/api/cdrs/upload', [Buffer.from(`${CDR_HEADER}\n`), ...cdrRows(0, CDR_UPLOAD_MAX_ROWS)], { multipart: true });
    expect(answer).toMatchObject({ status: 202, body: { accepted: CDR_UPLOAD_MAX_ROWS } });
  });

  it('refuses a CDR upload past its byte limit with a 413: at once when declared, else as the bytes pass it', async () => {
    const declared = await upload('/api/cdrs/upload', [], { declaredLength: 210 * 1024 * 1024 });
    expect(declared).toMatchObject({ status: 413, sent: 0, body: { code: 'payload_too_large', message: expect.stringContaining('at most 8 MB') } });
    // 2,000-character rows: the byte limit comes before the row limit (8 MB ≈ 4,000 rows); 100 MB are offered.
    const streamed = await upload('/api/cdrs/upload', [Buffer.from(`${CDR_HEADER},note\n`), ...cdrRows(20_000, 50_000, 2_000)], { multipart: true });
    expect(streamed).toMatchObject({ status: 413, body: { code: 'payload_too_large', message: expect.stringContaining('at most 8 MB') } });
    expect(streamed.sent).toBeLessThan(CDR_UPLOAD_MAX_BYTES + 20 * 1024 * 1024);
    expect(await storedCdrs()).toBe(CDR_UPLOAD_MAX_ROWS);
  });

  it('refuses a rate deck past its line limit (413), and a 200 MB+ deck before reading it', async () => {
    const lines = await upload(`/api/rate-plans/${planId}/deck`, [Buffer.from(`${DECK_HEADER}\n`), ...deckLines(RATE_DECK_MAX_LINES + 50_000)]);
    expect(lines.status).toBe(413);
    expect(lines.body).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining(`at most ${RATE_DECK_MAX_LINES.toLocaleString('en')} lines`) });
    expect(lines.body.fields).toEqual([expect.objectContaining({ line: RATE_DECK_MAX_LINES + 1 })]);
    const declared = await upload(`/api/rate-plans/${planId}/deck`, [], { declaredLength: 210 * 1024 * 1024, multipart: true });
    expect(declared).toMatchObject({ status: 413, body: { message: expect.stringContaining(`at most ${RATE_DECK_MAX_BYTES / 1024 / 1024} MB`) } });
    expect(declared.sent).toBeLessThan(200); // the part's headers only
    expect((await tenant.as.get(`/api/rate-plans/${planId}`).expect(200)).body.destinations).toEqual([]);
  });

  it('answers 400 naming line and column for a NUL character or broken UTF-8, in CDR files and decks', async () => {
    const nulCdr = `${CDR_HEADER}\nn-1,+254700000001,+2348031230001,2026-03-01T10:00:00Z,60\nn-2,+254700000001,+23480312\u000030002,2026-03-01T10:00:00Z,60\n`;
    const cdr = await tenant.as.post('/api/cdrs/upload').set('content-type', 'text/csv').send(nulCdr).expect(400);
    expect(cdr.body.fields).toEqual([expect.objectContaining({ line: 3, field: 'line 3: called_number', message: expect.stringContaining('NUL') })]);

    const brokenCdr = Buffer.concat([Buffer.from(`${CDR_HEADER}\nu-1,+254700000001,+2348031230001,2026-03-01T10:00:00Z,60\nu-2\xc3`, 'latin1'), Buffer.from([0x28]), Buffer.from(',+254700000001,+2348031230001,2026-03-01T10:00:00Z,60\n')]);
    const broken = await tenant.as.post('/api/cdrs/upload').attach('file', brokenCdr, { filename: 'cdrs.csv', contentType: 'text/csv' }).expect(400);
    expect(broken.body.fields).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('UTF-8') })]);
    expect(await storedCdrs()).toBe(CDR_UPLOAD_MAX_ROWS);

    const nulDeck = `${DECK_HEADER}\n234803,NG Mobile MTN,6,60,60,60,0\n234806,NG Mobile\u0000 MTN,6,60,60,60,0\n`;
    const deck = await tenant.as.post(`/api/rate-plans/${planId}/deck`).attach('file', Buffer.from(nulDeck), { filename: 'deck.csv', contentType: 'text/csv' }).expect(400);
    expect(deck.body.fields).toEqual([expect.objectContaining({ line: 3, field: 'line 3: destination', message: expect.stringContaining('NUL') })]);
    const brokenDeck = Buffer.concat([Buffer.from(`${DECK_HEADER}\n234803,NG Mobile MTN,6,60,60,60,0\n234806,NG `), Buffer.from([0xff, 0xfe]), Buffer.from(' MTN,6,60,60,60,0\n')]);
    const badText = await tenant.as.post(`/api/rate-plans/${planId}/deck`).set('content-type', 'text/csv').send(brokenDeck).expect(400);
    expect(badText.body.fields).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('UTF-8') })]);
    expect((await tenant.as.get(`/api/rate-plans/${planId}`).expect(200)).body.destinations).toEqual([]);
  });
});
