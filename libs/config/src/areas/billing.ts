import { EnvReader } from '../env-reader';
import { DEFAULT_DUNNING_RETRY_DELAYS_SECONDS, retryDelaysProblem } from '@nova/domain';
import { HttpConfig } from './http';

export class BillingConfig {
  constructor(
    /** Cron pattern of the billing-cycle scheduler (UTC). */
    readonly cyclePattern: string,
    readonly batchSize: number,
    readonly tenantConcurrency: number,
    /** How often the worker finalizes the drafts whose autoFinalizeAt has come (DRAFT_FINALIZE_EVERY_SECONDS). */
    readonly draftFinalizeEveryMs: number = 60_000,
  ) {}

  static fromEnv(env: EnvReader): BillingConfig {
    return new BillingConfig(
      env.string('BILLING_CYCLE_CRON', '0 * * * *'),
      env.int('BILLING_BATCH_SIZE', 500, { min: 1, max: 10_000 }),
      env.int('BILLING_TENANT_CONCURRENCY', 4, { min: 1, max: 64 }),
      env.int('DRAFT_FINALIZE_EVERY_SECONDS', 60, { min: 1, max: 3_600 }) * 1000,
    );
  }
}

export class PaymentsConfig {
  constructor(
    /** Provider API base URLs overriding the real ones (sandboxes, local fakes), by provider name. */
    readonly providerBaseUrls: Readonly<Record<string, string>>,
    /** Public origin providers call back (webhook URLs handed to M-Pesa); PUBLIC_URL by default. */
    readonly webhookBaseUrl: string,
    /** Default dunning schedule: delays before each retry of a failed automatic charge. */
    readonly retryDelaysSeconds: readonly number[],
    /** How long an Idempotency-Key is remembered. */
    readonly idempotencyRetentionHours: number,
    /** A stored webhook still `received` after this long lost its job (Redis was down): the sweep re-enqueues it. */
    readonly webhookSweepAfterSeconds: number = 120,
    /** How often the worker sweeps for such webhooks. */
    readonly webhookSweepEveryMs: number = 60_000,
    /** An M-Pesa STK payment still pending this long after it started is queried at Daraja until it is final. */
    readonly mpesaReconcileAfterSeconds: number = 300,
    /** How often the worker runs that reconciliation. */
    readonly mpesaReconcileEveryMs: number = 60_000,
    /**
     * An STK payment pending this long whose query still errors (e.g. Daraja does not know its
     * CheckoutRequestID) is no longer queried: it is marked failed and left for review.
     */
    readonly mpesaReconcileGiveUpAfterHours: number = 24,
  ) {}

  static fromEnv(env: EnvReader, http: HttpConfig): PaymentsConfig {
    const providerBaseUrls: Record<string, string> = {};
    for (const { key: provider, value: url } of env.pairs('PAYMENT_PROVIDER_BASE_URLS')) {
      env.check(/^https?:\/\//.test(url), `PAYMENT_PROVIDER_BASE_URLS entry "${provider}" must be provider=http(s)://…`);
      if (provider) providerBaseUrls[provider] = url.replace(/\/$/, '');
    }
    const mpesaReconcileAfterSeconds = env.int('MPESA_RECONCILE_AFTER_SECONDS', 300, { min: 1, max: 7 * 86_400 });
    const mpesaGiveUpAfterHours = env.int('MPESA_RECONCILE_GIVE_UP_AFTER_HOURS', 24, { min: 1, max: 30 * 24 });
    // Giving up before the first query would fail payments that were never asked about.
    env.check(
      mpesaGiveUpAfterHours * 3600 > mpesaReconcileAfterSeconds,
      `MPESA_RECONCILE_GIVE_UP_AFTER_HOURS (${mpesaGiveUpAfterHours} h) must be longer than MPESA_RECONCILE_AFTER_SECONDS (${mpesaReconcileAfterSeconds} s)`,
    );
    return new PaymentsConfig(
      providerBaseUrls,
      env.string('PAYMENT_WEBHOOK_BASE_URL', http.publicUrl).replace(/\/$/, ''),
      PaymentsConfig.retryDelays(env),
      env.int('IDEMPOTENCY_RETENTION_HOURS', 24, { min: 1, max: 24 * 30 }),
      env.int('WEBHOOK_SWEEP_AFTER_SECONDS', 120, { min: 1, max: 7 * 86_400 }),
      env.int('WEBHOOK_SWEEP_EVERY_SECONDS', 60, { min: 1, max: 86_400 }) * 1000,
      mpesaReconcileAfterSeconds,
      env.int('MPESA_RECONCILE_EVERY_SECONDS', 60, { min: 1, max: 86_400 }) * 1000,
      mpesaGiveUpAfterHours,
    );
  }

  private static retryDelays(env: EnvReader): number[] {
    const raw = env.optionalString('PAYMENT_RETRY_DELAYS_SECONDS');
    if (!raw) return [...DEFAULT_DUNNING_RETRY_DELAYS_SECONDS];
    const delays = raw.split(',').map((item) => Number(item.trim()));
    const problem = retryDelaysProblem(delays);
    env.check(problem === null, `PAYMENT_RETRY_DELAYS_SECONDS ${problem}, comma-separated`);
    return delays;
  }
}
