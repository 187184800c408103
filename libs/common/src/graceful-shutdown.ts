// The shutdown sequence both processes follow on SIGTERM/SIGINT. Nest's own shutdown hooks run
// module by module, which closed the database pools while HTTP requests and jobs still used
// them; this runs the phases in the order that loses nothing:
//   1. stop taking work (readiness fails, new requests 503, workers take no new jobs),
//   2. let what is in flight finish, up to the deadline,
//   3. close queues, Redis and database pools (the Nest application's close),
//   4. exit.

/** Whether the process is shutting down: readiness and new requests consult it. */
export class ShutdownGate {
  private drainingSince?: number;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  drain(): void {
    this.drainingSince ??= Date.now();
  }
}

export interface ShutdownPhases {
  /** Phase 1 and 2: stop taking work, then resolve when what was in flight is done. */
  drain(): Promise<void>;
  /** Called when the deadline passed before drain() resolved: cut what is left. */
  abandon?(): void | Promise<void>;
  /** Phase 3: close queues, Redis and pools. */
  close(): Promise<void>;
}

export interface ShutdownLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Resolves true when `work` finished within `ms`, false when the time ran out first. */
export async function withinDeadline(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closing resources after the drain gets this long on top of the deadline before the process gives up. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Runs the phases once (a second signal while shutting down changes nothing) and returns the
 * exit code: 0 when everything closed, 1 when closing failed or hung.
 */
export class GracefulShutdown {
  private running?: Promise<number>;

  constructor(
    private readonly phases: ShutdownPhases,
    private readonly deadlineMs: number,
    private readonly log: ShutdownLog,
  ) {}

  run(signal: string): Promise<number> {
    this.running ??= this.sequence(signal);
    return this.running;
  }

  /** Installs the handlers of SIGTERM and SIGINT that run the sequence and exit with its code. */
  listen(exit: (code: number) => void = (code) => process.exit(code)): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => void this.run(signal).then(exit));
    }
  }

  private async sequence(signal: string): Promise<number> {
    const started = Date.now();
    this.log.info({ signal, deadlineMs: this.deadlineMs }, 'Shutting down: no new work, finishing what is in flight');
    const drained = await withinDeadline(
      this.phases.drain().catch((error: unknown) => this.log.error({ err: error }, 'Draining failed')),
      this.deadlineMs,
    );
    if (!drained) {
      this.log.warn({ deadlineMs: this.deadlineMs }, 'Shutdown deadline passed with work still in flight; cutting it');
      await this.phases.abandon?.();
    }
    let code = 0;
    const closed = await withinDeadline(
      this.phases.close().catch((error: unknown) => {
        code = 1;
        this.log.error({ err: error }, 'Closing queues and pools failed');
      }),
      CLOSE_GRACE_MS,
    );
    if (!closed) {
      code = 1;
      this.log.error({ graceMs: CLOSE_GRACE_MS }, 'Closing queues and pools hung');
    }
    this.log.info({ signal, ms: Date.now() - started, drained, code }, 'Shut down');
    return code;
  }
}
