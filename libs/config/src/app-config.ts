import { ConfigError, EnvReader } from './env-reader';
import { AuditConfig } from './areas/audit';
import { AuthConfig, EncryptionConfig } from './areas/auth';
import { BillingConfig, PaymentsConfig } from './areas/billing';
import { CentralDbConfig, TenantDbConfig } from './areas/databases';
import { HttpConfig } from './areas/http';
import { LifecycleConfig } from './areas/lifecycle';
import { MailConfig } from './areas/mail';
import { MetricsConfig } from './areas/metrics';
import { RateLimitConfig } from './areas/rate-limit';
import { OperatorConfig } from './areas/operator';
import { RedisConfig } from './areas/redis';
import { TelecomConfig } from './areas/telecom';
import { WebhooksConfig } from './areas/webhooks';

// Configuration split by area (areas/*.ts): each area is a class so Nest can inject exactly the
// part a service needs (`constructor(private readonly auth: AuthConfig)`), and each validates its
// own variables. Every problem is collected, so a bad deployment learns all of them at once.

export { AuditConfig, AuthConfig, BillingConfig, CentralDbConfig, EncryptionConfig, HttpConfig, LifecycleConfig, MailConfig, MetricsConfig, OperatorConfig, PaymentsConfig, RateLimitConfig, RedisConfig, TelecomConfig, TenantDbConfig, WebhooksConfig };
export type { TenantDbServer } from './areas/databases';
export type { RequestBudget } from './areas/rate-limit';

export interface AppConfig {
  http: HttpConfig;
  centralDb: CentralDbConfig;
  tenantDb: TenantDbConfig;
  redis: RedisConfig;
  auth: AuthConfig;
  mail: MailConfig;
  billing: BillingConfig;
  encryption: EncryptionConfig;
  payments: PaymentsConfig;
  telecom: TelecomConfig;
  lifecycle: LifecycleConfig;
  rateLimit: RateLimitConfig;
  metrics: MetricsConfig;
  operator: OperatorConfig;
  audit: AuditConfig;
  webhooks: WebhooksConfig;
}

export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const env = new EnvReader(source);
  const http = HttpConfig.fromEnv(env);
  const centralDb = CentralDbConfig.fromEnv(env);
  const config: AppConfig = {
    http,
    centralDb,
    tenantDb: TenantDbConfig.fromEnv(env, centralDb),
    redis: RedisConfig.fromEnv(env),
    auth: AuthConfig.fromEnv(env),
    mail: MailConfig.fromEnv(env),
    billing: BillingConfig.fromEnv(env),
    encryption: EncryptionConfig.fromEnv(env),
    payments: PaymentsConfig.fromEnv(env, http),
    telecom: TelecomConfig.fromEnv(env),
    lifecycle: LifecycleConfig.fromEnv(env),
    rateLimit: RateLimitConfig.fromEnv(env),
    metrics: MetricsConfig.fromEnv(env),
    operator: OperatorConfig.fromEnv(env),
    audit: AuditConfig.fromEnv(env),
    webhooks: WebhooksConfig.fromEnv(env),
  };
  if (env.problems.length > 0) throw new ConfigError(env.problems);
  return config;
}
