import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every metric name of NovaBilling starts with this (process_* and nodejs_* are prom-client's defaults). */
export const METRIC_PREFIX = 'nova_';

/**
 * One Prometheus registry per application (not prom-client's global one): the end-to-end tests
 * run an API and a worker in one process, each must expose its own metrics, and a second app in
 * the same process must not fail on "metric already registered". Instruments are created here,
 * get-or-create by name, so two recorders asking for the same metric share it.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    // Process metrics: CPU, memory, handles, GC, and event-loop lag (nodejs_eventloop_lag_*).
    collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return this.existing<Counter<L>>(name) ?? new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    return this.existing<Histogram<L>>(name) ?? new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = [], collect?: (gauge: Gauge<L>) => void | Promise<void>): Gauge<L> {
    if (this.existing(name)) throw new Error(`gauge ${name} is registered twice`);
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      // Scrape-time gauges: prom-client calls collect() with the gauge as `this`.
      ...(collect ? { collect(this: Gauge<L>) { return collect(this); } } : {}),
    });
  }

  /** The scrape answer: Prometheus text format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private existing<M>(name: string): M | undefined {
    return this.registry.getSingleMetric(name) as M | undefined;
  }
}

/** Latency buckets in seconds, from a cached read (5 ms) to a slow upload or billing run (30 s). */
export const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Queue waits and job runs are longer: up to an hour (delayed and retried jobs). */
export const JOB_BUCKETS_SECONDS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];
