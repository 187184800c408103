import { DomainError } from '../errors';
import { requestMode } from './mode';

describe('requestMode', () => {
  it('puts a session without the header in live mode, and in test mode when it asks', () => {
    expect(requestMode(undefined)).toBe('live');
    expect(requestMode('test')).toBe('test');
    expect(requestMode(' Live ')).toBe('live');
  });

  it('keeps an API key in its own mode, with or without an agreeing header', () => {
    expect(requestMode(undefined, 'test')).toBe('test');
    expect(requestMode('test', 'test')).toBe('test');
    expect(requestMode(undefined, 'live')).toBe('live');
  });

  it('refuses a header that contradicts the API key, naming the header', () => {
    expect(() => requestMode('live', 'test')).toThrow(DomainError);
    try {
      requestMode('test', 'live');
    } catch (error) {
      expect((error as DomainError).details?.fields).toEqual([{ field: 'Nova-Mode', message: expect.stringContaining('live API key') }]);
    }
    expect.assertions(2);
  });

  it('refuses a value that is neither live nor test', () => {
    expect(() => requestMode('sandbox')).toThrow('Nova-Mode: must be live or test');
    expect(() => requestMode('')).toThrow('Nova-Mode');
  });
});
