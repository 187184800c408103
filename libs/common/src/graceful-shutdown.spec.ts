import { GracefulShutdown, ShutdownGate, ShutdownLog, withinDeadline } from './graceful-shutdown';

const silent: ShutdownLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('GracefulShutdown', () => {
  it('drains, then closes, then answers 0 — once, however many signals arrive', async () => {
    const steps: string[] = [];
    const shutdown = new GracefulShutdown(
      {
        drain: async () => {
          steps.push('drain');
          await sleep(20);
          steps.push('drained');
        },
        abandon: () => void steps.push('abandon'),
        close: async () => void steps.push('close'),
      },
      1_000,
      silent,
    );
    const [first, second] = await Promise.all([shutdown.run('SIGTERM'), shutdown.run('SIGINT')]);
    expect([first, second]).toEqual([0, 0]);
    expect(steps).toEqual(['drain', 'drained', 'close']);
  });

  it('cuts the drain at the deadline, still closes, and exits 0', async () => {
    const steps: string[] = [];
    const started = Date.now();
    const code = await new GracefulShutdown({ drain: () => new Promise(() => undefined), abandon: () => void steps.push('abandon'), close: async () => void steps.push('close') }, 50, silent).run('SIGTERM');
    expect(code).toBe(0);
    expect(steps).toEqual(['abandon', 'close']);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('answers 1 when closing fails', async () => {
    const errors: string[] = [];
    const log = { ...silent, error: (_fields: Record<string, unknown>, message: string) => void errors.push(message) };
    expect(await new GracefulShutdown({ drain: async () => undefined, close: () => Promise.reject(new Error('pool')) }, 50, log).run('SIGTERM')).toBe(1);
    expect(errors).toEqual(['Closing queues and pools failed']);
  });
});

describe('ShutdownGate and withinDeadline', () => {
  it('gate opens once', () => {
    const gate = new ShutdownGate();
    expect(gate.draining).toBe(false);
    gate.drain();
    gate.drain();
    expect(gate.draining).toBe(true);
  });

  it('tells finished work from work past its deadline', async () => {
    expect(await withinDeadline(sleep(5), 200)).toBe(true);
    expect(await withinDeadline(sleep(200), 5)).toBe(false);
  });
});
