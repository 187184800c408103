import { EnvReader } from '../env-reader';

/** Prometheus metrics of the API (`GET /metrics`) and the worker's own small HTTP listener. */
export class MetricsConfig {
  constructor(
    /** METRICS_TOKEN: when set, /metrics (API and worker) wants `Authorization: Bearer <token>`; unset, it is open. */
    readonly token: string | undefined,
    /**
     * WORKER_HTTP_PORT: where the worker serves /metrics, /health and /health/ready (9464, the
     * port Prometheus exporters conventionally use); `0` picks a free port (tests), `off` serves nothing.
     */
    readonly workerHttpPort: number | null,
    /** WORKER_HTTP_HOST, else HOST, else every interface (like the API). */
    readonly workerHttpHost: string,
  ) {}

  static fromEnv(env: EnvReader): MetricsConfig {
    const token = env.optionalString('METRICS_TOKEN');
    env.check(token === undefined || token.length >= 16, 'METRICS_TOKEN must be at least 16 characters');
    const off = ['off', 'false', 'none'].includes(env.optionalString('WORKER_HTTP_PORT')?.toLowerCase() ?? '');
    const port = off ? null : env.int('WORKER_HTTP_PORT', 9464, { min: 0, max: 65535 });
    return new MetricsConfig(token, port, env.optionalString('WORKER_HTTP_HOST') ?? env.string('HOST', '0.0.0.0'));
  }
}
