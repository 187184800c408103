import { Global, Module } from '@nestjs/common';
import { MetricsRegistry } from './metrics-registry';
import { BillingMetrics, CacheMetrics, RatingMetrics, TenantPoolMetrics, WebhookDeliveryMetrics, WebhookMetrics } from './recorders';

const providers = [MetricsRegistry, CacheMetrics, TenantPoolMetrics, BillingMetrics, RatingMetrics, WebhookMetrics, WebhookDeliveryMetrics];

/** The application's registry and the recorders the libraries use; imported once by each app. */
@Global()
@Module({ providers, exports: providers })
export class MetricsModule {}
