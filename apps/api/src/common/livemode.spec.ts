import { Readable } from 'node:stream';
import { withLivemode } from './livemode';

describe('withLivemode', () => {
  it('marks a resource', () => {
    expect(withLivemode({ id: 'c1', object: 'customer' }, false)).toEqual({ id: 'c1', object: 'customer', livemode: false });
  });

  it('marks a list and every object in its data, not their nested objects', () => {
    const page = { object: 'list', data: [{ id: 'a', lines: [{ id: 'l' }] }, { id: 'b' }], hasMore: false };
    expect(withLivemode(page, true)).toEqual({ object: 'list', data: [{ id: 'a', lines: [{ id: 'l' }], livemode: true }, { id: 'b', livemode: true }], hasMore: false, livemode: true });
  });

  it('leaves files, streams, values and empty answers alone', () => {
    const pdf = Buffer.from('%PDF');
    const stream = Readable.from(['a']);
    expect(withLivemode(pdf, true)).toBe(pdf);
    expect(withLivemode(stream, true)).toBe(stream);
    expect(withLivemode('text', true)).toBe('text');
    expect(withLivemode(undefined, true)).toBeUndefined();
  });

  it('does not change the object the handler returned', () => {
    const cached = { id: 'x' };
    withLivemode(cached, true);
    expect(cached).toEqual({ id: 'x' });
  });
});
