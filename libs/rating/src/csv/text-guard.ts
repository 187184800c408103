import { Transform } from 'node:stream';

/** A CSV that is not storable text: broken UTF-8, or a NUL character (PostgreSQL text cannot hold U+0000). */
export class CsvTextError extends Error {
  constructor(
    readonly line: number,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`line ${line}, ${field}: ${detail}`);
    this.name = 'CsvTextError';
  }
}

const NEWLINE = 0x0a;

function newlines(bytes: Uint8Array, end = bytes.length): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE); at >= 0 && at < end; at = bytes.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

/** Bytes handed on per turn of the event loop: ~250 CDR rows or deck lines, a few ms of parsing. */
const SLICE_BYTES = 16 * 1024;

/**
 * Passes bytes through unchanged, failing the stream with a CsvTextError (naming the line) at the
 * first byte sequence that is not UTF-8. Streaming: a character split across chunks is fine.
 *
 * It also paces the parser after it: at most SLICE_BYTES are handed on per turn of the event loop
 * (setImmediate between slices). Streams otherwise run every chunk already buffered in one go (a
 * fast client, a Buffer), and parsing 10,000 CSV rows at once holds the thread for ~100 ms.
 */
export function utf8Guard(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        // Locate the first bad byte (a lenient decode shows it as U+FFFD) to name its line.
        const text = new TextDecoder('utf-8').decode(chunk);
        const before = Buffer.from(text.slice(0, Math.max(0, text.indexOf('\ufffd'))), 'utf8').length;
        return done(new CsvTextError(line + newlines(chunk, before), 'csv', 'is not valid UTF-8 text (save the file as UTF-8)'));
      }
      line += newlines(chunk);
      const handOn = (from: number) => {
        if (this.destroyed) return;
        this.push(chunk.subarray(from, from + SLICE_BYTES));
        if (from + SLICE_BYTES < chunk.length) setImmediate(handOn, from + SLICE_BYTES);
        else setImmediate(done);
      };
      handOn(0);
    },
    flush(done) {
      try {
        decoder.decode();
        done();
      } catch {
        done(new CsvTextError(line, 'csv', 'ends inside a UTF-8 character (the file is truncated or not UTF-8)'));
      }
    },
  });
}

/** Index of the first field holding a NUL character, or -1. */
export function fieldWithNul(fields: readonly string[]): number {
  for (let index = 0; index < fields.length; index++) if (fields[index]!.includes('\u0000')) return index;
  return -1;
}

export const NUL_MESSAGE = 'contains a NUL character (U+0000), which cannot be stored: is this a text file?';
