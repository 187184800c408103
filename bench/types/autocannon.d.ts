// The part of autocannon's programmatic API the benchmarks use (@types/autocannon is not installed).
declare module 'autocannon' {
  interface Request {
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    /** With `workers`: absolute path of a module whose default export rewrites each request. */
    setupRequest?: string;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    /** Total requests to send; the run ends when they are answered. */
    amount?: number;
    workers?: number;
    requests?: Request[];
  }
  interface Histogram {
    average: number;
    p99: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
    /** Seconds the run took. */
    duration: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export = autocannon;
}
