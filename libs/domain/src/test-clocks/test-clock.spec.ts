import { InvalidTransitionError } from '../errors';
import { TestClockState, nextTestClockStep, testClockAdvanceProblem, testClockStartProblem, transitionTestClock } from './test-clock';

const at = (iso: string) => new Date(iso);
const ready: TestClockState = { status: 'ready', frozenTime: at('2026-01-01T00:00:00Z'), advancingTo: null };

describe('test clock machine', () => {
  it('advances forward: ready → advancing, steps, then ready at the target', () => {
    const advancing = transitionTestClock(ready, { type: 'advance', to: at('2026-03-01T00:00:00Z') });
    expect(advancing).toEqual({ status: 'advancing', frozenTime: at('2026-01-01T00:00:00Z'), advancingTo: at('2026-03-01T00:00:00Z') });
    const stepped = transitionTestClock(advancing, { type: 'step', to: at('2026-02-01T00:00:00Z') });
    expect(stepped.frozenTime).toEqual(at('2026-02-01T00:00:00Z'));
    // Not there yet: 'advanced' is refused until the last step reaches the target.
    expect(() => transitionTestClock(stepped, { type: 'advanced' })).toThrow(InvalidTransitionError);
    const arrived = transitionTestClock(stepped, { type: 'step', to: at('2026-03-01T00:00:00Z') });
    expect(transitionTestClock(arrived, { type: 'advanced' })).toEqual({ status: 'ready', frozenTime: at('2026-03-01T00:00:00Z'), advancingTo: null });
  });

  it('never moves backwards, nor to the same time', () => {
    expect(() => transitionTestClock(ready, { type: 'advance', to: at('2025-12-31T23:59:59Z') })).toThrow(/only moves forward/);
    expect(() => transitionTestClock(ready, { type: 'advance', to: ready.frozenTime })).toThrow(/only moves forward/);
    const advancing = transitionTestClock(ready, { type: 'advance', to: at('2026-03-01T00:00:00Z') });
    expect(() => transitionTestClock(advancing, { type: 'step', to: at('2025-12-01T00:00:00Z') })).toThrow(InvalidTransitionError);
    expect(() => transitionTestClock(advancing, { type: 'step', to: at('2026-04-01T00:00:00Z') })).toThrow(InvalidTransitionError);
  });

  it('advances at most two years at a time', () => {
    expect(testClockAdvanceProblem(ready.frozenTime, at('2028-01-01T00:00:00Z'))).toBeNull();
    expect(testClockAdvanceProblem(ready.frozenTime, at('2028-01-01T00:00:01Z'))).toMatch(/not be more than 2 years/);
    expect(() => transitionTestClock(ready, { type: 'advance', to: at('2029-01-01T00:00:00Z') })).toThrow(/not be more than 2 years/);
  });

  it('refuses a second advance while advancing, and anything but deletion after a failure', () => {
    const advancing = transitionTestClock(ready, { type: 'advance', to: at('2026-02-01T00:00:00Z') });
    expect(() => transitionTestClock(advancing, { type: 'advance', to: at('2026-03-01T00:00:00Z') })).toThrow(/already advancing/);
    const failed = transitionTestClock(advancing, { type: 'fail' });
    expect(failed).toEqual({ status: 'internal_failure', frozenTime: at('2026-01-01T00:00:00Z'), advancingTo: null });
    expect(() => transitionTestClock(failed, { type: 'advance', to: at('2026-03-01T00:00:00Z') })).toThrow(/can only be deleted/);
    expect(() => transitionTestClock(ready, { type: 'fail' })).toThrow(InvalidTransitionError);
    expect(() => transitionTestClock(ready, { type: 'step', to: at('2026-01-02T00:00:00Z') })).toThrow(InvalidTransitionError);
  });

  it('starts within a year back and two years ahead of the wall clock', () => {
    const now = at('2026-06-15T12:00:00Z');
    expect(testClockStartProblem(at('2025-06-15T12:00:00Z'), now)).toBeNull();
    expect(testClockStartProblem(at('2025-06-15T11:59:59Z'), now)).toMatch(/not be more than 1 year back/);
    expect(testClockStartProblem(at('2028-06-15T12:00:00Z'), now)).toBeNull();
    expect(testClockStartProblem(at('2028-06-15T12:00:01Z'), now)).toMatch(/not be more than 2 years ahead/);
    expect(testClockStartProblem(new Date('nope'), now)).toBe('must be a valid date-time');
  });
});

describe('nextTestClockStep', () => {
  const from = at('2026-01-01T00:00:00Z');
  const target = at('2026-12-31T00:00:00Z');

  it('stops at the earliest boundary after the clock and before the target', () => {
    expect(nextTestClockStep(from, target, [at('2026-03-01T00:00:00Z'), null, at('2026-02-01T00:00:00Z'), at('2027-01-01T00:00:00Z')])).toEqual(at('2026-02-01T00:00:00Z'));
  });

  it('ignores boundaries already passed (or at the clock) and goes to the target when none is left', () => {
    expect(nextTestClockStep(from, target, [from, at('2025-12-01T00:00:00Z'), null])).toEqual(target);
    expect(nextTestClockStep(from, target, [])).toEqual(target);
  });

  it('a year of monthly period ends is twelve steps, the last one at the target', () => {
    const ends = Array.from({ length: 13 }, (_, month) => new Date(Date.UTC(2026, month + 1, 1)));
    let clock = from;
    const steps: Date[] = [];
    while (clock < target) {
      clock = nextTestClockStep(clock, target, ends);
      steps.push(clock);
    }
    expect(steps).toHaveLength(12);
    expect(steps[0]).toEqual(at('2026-02-01T00:00:00Z'));
    expect(steps[10]).toEqual(at('2026-12-01T00:00:00Z'));
    expect(steps[11]).toEqual(target);
  });
});
