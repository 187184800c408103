import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, AuditConfig, AuthConfig, BillingConfig, CentralDbConfig, EncryptionConfig, HttpConfig, LifecycleConfig, MailConfig, MetricsConfig, OperatorConfig, PaymentsConfig, RateLimitConfig, RedisConfig, TelecomConfig, TenantDbConfig, WebhooksConfig, loadConfig } from './app-config';

/** Validates the environment once at boot and provides each configuration area by its class. */
@Global()
@Module({})
export class NovaConfigModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    const providers = [
      { provide: HttpConfig, useValue: config.http },
      { provide: CentralDbConfig, useValue: config.centralDb },
      { provide: TenantDbConfig, useValue: config.tenantDb },
      { provide: RedisConfig, useValue: config.redis },
      { provide: AuthConfig, useValue: config.auth },
      { provide: MailConfig, useValue: config.mail },
      { provide: BillingConfig, useValue: config.billing },
      { provide: EncryptionConfig, useValue: config.encryption },
      { provide: PaymentsConfig, useValue: config.payments },
      { provide: TelecomConfig, useValue: config.telecom },
      { provide: LifecycleConfig, useValue: config.lifecycle },
      { provide: RateLimitConfig, useValue: config.rateLimit },
      { provide: MetricsConfig, useValue: config.metrics },
      { provide: OperatorConfig, useValue: config.operator },
      { provide: AuditConfig, useValue: config.audit },
      { provide: WebhooksConfig, useValue: config.webhooks },
    ];
    return { module: NovaConfigModule, providers, exports: providers };
  }
}
