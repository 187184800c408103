import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { BillingModule } from '@nova/billing';
import { CentralDbModule } from '@nova/central-db';
import { MetricsModule } from '@nova/metrics';
import { AppConfig, NovaConfigModule } from '@nova/config';
import { QueueModule } from '@nova/queue';
import { TenancyModule } from '@nova/tenancy';
import { AnalyticsModule } from './analytics/analytics.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditLogModule } from './audit-log/audit-log.module';
import { AuthModule } from './auth/auth.module';
import { HttpErrorFilter } from './common/http-error.filter';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { loggerOptions } from './common/logging';
import { RateLimitGuard } from './common/rate-limit.guard';
import { requestContextModule } from './common/request-context';
import { RateLimiter } from './common/rate-limiter';
import { CustomersModule } from './customers/customers.module';
import { CreditNotesModule } from './credit-notes/credit-notes.module';
import { HealthModule } from './health/health.module';
import { InvoicesModule } from './invoices/invoices.module';
import { PaymentProvidersModule } from './payment-providers/payment-providers.module';
import { PaymentsModule } from './payments/payments.module';
import { PlansModule } from './plans/plans.module';
import { ProductsModule } from './products/products.module';
import { CouponsModule } from './coupons/coupons.module';
import { TestClocksModule } from './test-clocks/test-clocks.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { TelecomApiModule } from './telecom/telecom.module';
import { TenantsModule } from './tenants/tenants.module';
import { AccountModule } from './account/account.module';
import { TeamModule } from './team/team.module';
import { TaxModule } from './tax/tax.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { OutboundWebhooksModule } from './outbound-webhooks/outbound-webhooks.module';

export class ApiModule {
  static forRoot(config?: AppConfig) {
    return {
      module: ApiModule,
      imports: [
        NovaConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions()),
        // Each request's context is opened by a Fastify hook (installRequestContext in bootstrap.ts).
        requestContextModule(),
        MetricsModule,
        CentralDbModule,
        TenancyModule,
        QueueModule,
        BillingModule,
        AuthModule,
        ApiKeysModule,
        AuditLogModule,
        TenantsModule,
        AccountModule,
        TeamModule,
        CustomersModule,
        CreditNotesModule,
        ProductsModule,
        CouponsModule,
        TestClocksModule,
        PlansModule,
        SubscriptionsModule,
        InvoicesModule,
        TaxModule,
        PaymentProvidersModule,
        PaymentsModule,
        WebhooksModule,
        OutboundWebhooksModule,
        TelecomApiModule,
        AnalyticsModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        RateLimiter,
        // Rate limits, idempotency and livemode are put on the routes by installRequestPolicy (bootstrap.ts).
        RateLimitGuard,
        IdempotencyInterceptor,
      ],
    };
  }
}

Module({})(ApiModule);
