import { BodyHash, multipartBoundary } from './body-hash';

function form(boundary: string, content: string): Buffer {
  return Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="deck.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`);
}

/** The digest of `body` fed in pieces of `size` bytes. */
function digestInPieces(body: Buffer, size: number, boundary?: string): string {
  const hash = new BodyHash(boundary ? Buffer.from(boundary) : undefined);
  for (let at = 0; at < body.length; at += size) hash.update(body.subarray(at, at + size));
  return hash.digest();
}

describe('BodyHash', () => {
  it('hashes a multipart form the same whatever its boundary and however it is split into chunks', () => {
    const expected = digestInPieces(form('----one', 'prefix,rate\n2341,3'), 1_000, '----one');
    for (const size of [1, 2, 3, 5, 7, 11, 64]) {
      expect(digestInPieces(form('----one', 'prefix,rate\n2341,3'), size, '----one')).toBe(expected);
      expect(digestInPieces(form('xX-another-boundary-Xx', 'prefix,rate\n2341,3'), size, 'xX-another-boundary-Xx')).toBe(expected);
    }
  });

  it('tells different files apart, and hashes other bodies byte for byte', () => {
    expect(digestInPieces(form('b1', 'prefix,rate\n2341,3'), 4, 'b1')).not.toBe(digestInPieces(form('b1', 'prefix,rate\n2342,3'), 4, 'b1'));
    expect(digestInPieces(Buffer.from('{"a":1}'), 2)).not.toBe(digestInPieces(Buffer.from('{"a":2}'), 2));
    expect(digestInPieces(Buffer.from('{"a":1}'), 2)).toBe(digestInPieces(Buffer.from('{"a":1}'), 3));
  });

  it('finds the boundary of multipart content types only', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----abc')?.toString()).toBe('----abc');
    expect(multipartBoundary('multipart/form-data; boundary="quoted b"; charset=utf-8')?.toString()).toBe('quoted b');
    expect(multipartBoundary('application/json')).toBeUndefined();
    expect(multipartBoundary(undefined)).toBeUndefined();
  });
});
