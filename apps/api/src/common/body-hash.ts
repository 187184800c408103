import { createHash } from 'node:crypto';

/**
 * SHA-256 of a body as its chunks arrive. A multipart body's boundary is left out: clients pick
 * a random one per request, so the same form sent twice must hash the same. The boundary may be
 * split across chunks, so the last boundary-length bytes wait for the next chunk.
 */
export class BodyHash {
  private readonly hash = createHash('sha256');
  private carry = Buffer.alloc(0);

  constructor(private readonly boundary?: Buffer) {}

  update(chunk: Buffer): void {
    if (!this.boundary) return void this.hash.update(chunk);
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = 0;
    for (let at = data.indexOf(this.boundary, start); at >= 0; at = data.indexOf(this.boundary, start)) {
      this.hash.update(data.subarray(start, at));
      start = at + this.boundary.length;
    }
    const keep = Math.max(start, data.length - (this.boundary.length - 1));
    this.hash.update(data.subarray(start, keep));
    this.carry = Buffer.from(data.subarray(keep));
  }

  digest(): string {
    return this.hash.copy().update(this.carry).digest('hex');
  }
}

/** The boundary of a multipart body, from its Content-Type; undefined for any other body. */
export function multipartBoundary(contentType: string | undefined): Buffer | undefined {
  const match = contentType?.startsWith('multipart/') ? /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType) : null;
  const boundary = match?.[1] ?? match?.[2];
  return boundary ? Buffer.from(boundary) : undefined;
}
