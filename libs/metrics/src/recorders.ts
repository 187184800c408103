import { Injectable } from '@nestjs/common';
import { DURATION_BUCKETS_SECONDS, METRIC_PREFIX, MetricsRegistry } from './metrics-registry';

// What the libraries record, one small method per fact. Callers inject these with @Optional():
// a script or a medium test that builds a service by hand records nothing. No label ever holds
// a tenant id or any other unbounded value (Prometheus keeps one series per label combination).

/** The in-process caches whose hit ratio matters to the hot path. */
export type CacheName = 'api_key' | 'tenant_directory' | 'tenant_connection';

@Injectable()
export class CacheMetrics {
  private readonly lookups;

  constructor(metrics: MetricsRegistry) {
    this.lookups = metrics.counter(`${METRIC_PREFIX}cache_lookups_total`, 'In-process cache lookups by cache and result (hit or miss)', ['cache', 'result']);
  }

  lookup(cache: CacheName, hit: boolean): void {
    this.lookups.inc({ cache, result: hit ? 'hit' : 'miss' });
  }
}

/** Tenant connection pools of one database server, as counted at scrape time. */
export interface PoolUsage {
  server: string;
  /** Tenant pools open on that server (cached tenants). */
  pools: number;
  /** Connections checked out by a request or job. */
  active: number;
  idle: number;
  /** Queries waiting for a connection (the pools are full). */
  waiting: number;
}

@Injectable()
export class TenantPoolMetrics {
  constructor(private readonly metrics: MetricsRegistry) {}

  /** Reads `usage()` on every scrape (once per process: the one TenantConnections calls it). */
  observe(usage: () => PoolUsage[], connectionLimit: number): void {
    const name = (suffix: string) => `${METRIC_PREFIX}tenant_db_${suffix}`;
    this.metrics.gauge(name('pools'), 'Open tenant connection pools per database server', ['server'], (gauge) => {
      gauge.reset();
      for (const server of usage()) gauge.set({ server: server.server }, server.pools);
    });
    this.metrics.gauge(name('connections'), 'Tenant database connections per server and state (active, idle)', ['server', 'state'], (gauge) => {
      gauge.reset();
      for (const server of usage()) {
        gauge.set({ server: server.server, state: 'active' }, server.active);
        gauge.set({ server: server.server, state: 'idle' }, server.idle);
      }
    });
    this.metrics.gauge(name('waiting_queries'), 'Queries waiting for a free tenant connection, per server', ['server'], (gauge) => {
      gauge.reset();
      for (const server of usage()) gauge.set({ server: server.server }, server.waiting);
    });
    this.metrics.gauge(name('connection_limit'), 'Most tenant connections this process opens (TENANT_DB_CLIENT_CACHE_MAX × TENANT_DB_POOL_MAX)').set(connectionLimit);
  }
}

@Injectable()
export class BillingMetrics {
  private readonly runs;
  private readonly invoices;

  constructor(metrics: MetricsRegistry) {
    this.runs = metrics.counter(`${METRIC_PREFIX}billing_cycle_runs_total`, 'Billing-cycle runs of one tenant (scheduled or run now) by outcome', ['outcome']);
    this.invoices = metrics.counter(`${METRIC_PREFIX}invoices_issued_total`, 'Invoices issued by billing-cycle runs');
  }

  cycleCompleted(invoicesIssued: number): void {
    this.runs.inc({ outcome: 'completed' });
    this.invoices.inc(invoicesIssued);
  }

  cycleFailed(): void {
    this.runs.inc({ outcome: 'failed' });
  }
}

@Injectable()
export class RatingMetrics {
  private readonly cdrs;

  constructor(metrics: MetricsRegistry) {
    this.cdrs = metrics.counter(`${METRIC_PREFIX}cdrs_rated_total`, 'CDRs the rating worker finished, by result (rated, unratable)', ['result']);
  }

  rated({ rated, unratable }: { rated: number; unratable: number }): void {
    this.cdrs.inc({ result: 'rated' }, rated);
    this.cdrs.inc({ result: 'unratable' }, unratable);
  }
}

@Injectable()
export class WebhookMetrics {
  private readonly events;

  constructor(metrics: MetricsRegistry) {
    this.events = metrics.counter(`${METRIC_PREFIX}webhook_events_processed_total`, 'Stored provider webhook events the worker handled, by status (processed, already_processed, not_found, rejected)', ['status']);
  }

  handled(status: string): void {
    this.events.inc({ status });
  }
}

/** What became of one delivery attempt to a tenant's endpoint: retrying = failed, tried again later; failed = given up. */
export type WebhookDeliveryOutcome = 'succeeded' | 'retrying' | 'failed';

/** Outbound webhooks: the attempts to tenants' endpoints and how long the endpoints took to answer. */
@Injectable()
export class WebhookDeliveryMetrics {
  private readonly attempts;
  private readonly duration;

  constructor(metrics: MetricsRegistry) {
    this.attempts = metrics.counter(`${METRIC_PREFIX}webhook_deliveries_total`, 'Outbound webhook delivery attempts to tenant endpoints, by outcome (succeeded; retrying: failed, tried again later; failed: given up)', ['outcome']);
    this.duration = metrics.histogram(`${METRIC_PREFIX}webhook_delivery_duration_seconds`, 'How long a tenant endpoint took to answer a delivery attempt (or to fail it)', [], DURATION_BUCKETS_SECONDS);
  }

  attempted(outcome: WebhookDeliveryOutcome, durationMs: number): void {
    this.attempts.inc({ outcome });
    this.duration.observe(durationMs / 1000);
  }
}
