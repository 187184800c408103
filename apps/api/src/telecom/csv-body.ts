import { DomainError, ErrorCode } from '@nova/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable, Transform } from 'node:stream';

/**
 * A text/csv request body, not read yet: the content-type parser (bootstrap.ts) hands the raw
 * stream over so the endpoint reads it as it arrives, under its own limits.
 */
export class CsvBody {
  constructor(readonly stream: Readable) {}

  /** What the body shows where it is serialised (e.g. the idempotency fingerprint): not its bytes, which are unread. */
  toJSON(): { contentType: 'text/csv'; streamed: true } {
    return { contentType: 'text/csv', streamed: true };
  }
}

/** Room for a multipart form's boundaries and part headers around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

function tooLarge(maxBytes: number): DomainError {
  const limit = `${(maxBytes / 1024 / 1024).toLocaleString('en')} MB`;
  return new DomainError(ErrorCode.PayloadTooLarge, `this upload takes at most ${limit} of CSV`, { fields: [{ field: 'file', message: `at most ${maxBytes} bytes` }], limit: maxBytes });
}

/**
 * The CSV of an upload as a byte stream: a text/csv body or the first file of a multipart/form-data
 * body, both read as they arrive. A declared Content-Length past `maxBytes` is refused before any
 * byte is read; otherwise the stream fails with a 413 DomainError the moment `maxBytes` is passed.
 * The returned stream may be destroyed (e.g. by a parser that stopped at a row limit): the request
 * is then left paused, not read further (see `refusalCloses`).
 */
export async function csvUpload(request: FastifyRequest, maxBytes: number): Promise<Readable> {
  const declared = Number(request.headers['content-length']);
  if (request.isMultipart()) {
    if (declared > maxBytes + MULTIPART_OVERHEAD_BYTES) throw tooLarge(maxBytes);
    const file = await request.file({ limits: { fileSize: maxBytes + 1, files: 1 } });
    if (!file) throw DomainError.validation('file', 'the multipart body has no file');
    return limited(file.file, maxBytes);
  }
  if (request.body instanceof CsvBody) {
    if (declared > maxBytes) throw tooLarge(maxBytes);
    return limited(request.body.stream, maxBytes);
  }
  throw DomainError.validation('body', 'send the CSV as text/csv or as a multipart/form-data file');
}

/** `source` through a byte counter; the counter can be destroyed without destroying the source (it is unpiped and paused). */
function limited(source: Readable, maxBytes: number): Readable {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(tooLarge(maxBytes));
      done(null, chunk);
    },
  });
  source.once('error', (error: Error & { code?: string }) => counter.destroy(error.code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge(maxBytes) : error));
  counter.once('close', () => {
    source.unpipe(counter);
    source.pause();
  });
  return source.pipe(counter);
}

/**
 * Runs an upload endpoint's work; if it fails (413 at a limit, 400 for bytes that cannot be stored…)
 * the answer closes the connection, so the rest of the body is never read (Node would otherwise
 * read and discard it to keep the connection alive).
 */
export async function refusalCloses<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    void reply.header('connection', 'close');
    throw error;
  }
}
