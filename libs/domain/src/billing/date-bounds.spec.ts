import { cdrStartedAtProblem, subscriptionStartProblem } from './date-bounds';

const now = new Date('2026-03-15T12:00:00Z');

describe('subscriptionStartProblem', () => {
  it.each(['2025-03-15T12:00:00Z', '2026-03-15T12:00:00Z', '2027-03-15T12:00:00Z', '2025-12-01T00:00:00Z'])('accepts %s (within a year either side)', (at) => {
    expect(subscriptionStartProblem(new Date(at), now)).toBeNull();
  });

  it.each([
    ['2025-03-15T11:59:59.999Z', 'more than 1 year back'],
    ['0000-01-01T00:00:00Z', 'more than 1 year back'],
    ['2027-03-15T12:00:00.001Z', 'more than 1 year ahead'],
    ['+275760-09-13T00:00:00Z', 'more than 1 year ahead'],
  ])('refuses %s', (at, reason) => {
    expect(subscriptionStartProblem(new Date(at), now)).toContain(reason);
  });

  it('refuses an invalid date', () => {
    expect(subscriptionStartProblem(new Date('nope'), now)).toBe('must be a valid date-time');
  });
});

describe('cdrStartedAtProblem', () => {
  it.each(['2000-01-01T00:00:00Z', '2026-03-15T12:00:00Z', '2026-03-16T12:00:00Z'])('accepts %s', (at) => {
    expect(cdrStartedAtProblem(new Date(at), now)).toBeNull();
  });

  it.each([
    ['1999-12-31T23:59:59.999Z', 'before 2000-01-01'],
    ['1970-01-01T00:00:00Z', 'before 2000-01-01'],
    ['2026-03-16T12:00:00.001Z', 'more than a day in the future'],
  ])('refuses %s', (at, reason) => {
    expect(cdrStartedAtProblem(new Date(at), now)).toContain(reason);
  });
});
