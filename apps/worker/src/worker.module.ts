import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import { AdvanceTestClock, BillingModule, NotifyPaymentFailure, RunDunningAttempt } from '@nova/billing';
import { CentralDbModule } from '@nova/central-db';
import { DeliverWebhooks, EventsModule, NotifyEndpointDisabled } from '@nova/events';
import { processLoggerOptions } from '@nova/common';
import { AppConfig, MailConfig, NovaConfigModule, loadLoggingConfig } from '@nova/config';
import { MetricsModule } from '@nova/metrics';
import { DocumentsModule } from '@nova/documents';
import { MailModule } from '@nova/mail';
import { QueueModule } from '@nova/queue';
import { TelecomModule } from '@nova/telecom';
import { CustomerMailer, NotifyAccountLocked, SendAccountMail, TenancyModule } from '@nova/tenancy';
import { BillingProcessor } from './billing/billing.processor';
import { BillingScheduler } from './billing/billing-scheduler';
import { AccountSecurityProcessor } from './mail/account-security.processor';
import { JobWorkers } from './lifecycle/job-workers';
import { WorkerOpsModule } from './ops/worker-ops.module';
import { InvoiceMailProcessor } from './mail/invoice-mail.processor';
import { PaymentsProcessor } from './payments/payments.processor';
import { LowBalanceProcessor } from './telecom/low-balance.processor';
import { RatingProcessor } from './telecom/rating.processor';
import { StkReconciliationJobs, StkReconciliationScheduler } from './payments/stk-reconciliation';
import { WebhookSweep, WebhookSweepScheduler } from './payments/webhook-sweep';
import { TenantJobRunner } from './tenant-job';
import { AuditLogPruneScheduler, EventsPruneScheduler, MaintenanceProcessor } from './maintenance/audit-log-retention';
import { OutboundWebhookJobs, OutboundWebhooksProcessor, OutboundWebhooksScheduler } from './webhooks/outbound-webhooks';

/** The worker: queue processors and schedulers; its only HTTP is the ops listener (ops/worker-http.ts, started by main.ts). */
export class WorkerModule {
  static forRoot(config?: AppConfig, options: { scheduler?: boolean } = {}) {
    return {
      module: WorkerModule,
      imports: [
        NovaConfigModule.forRoot(config),
        DiscoveryModule,
        // Same level, format and redaction as the API (no HTTP here, so no request lines).
        LoggerModule.forRoot({ pinoHttp: processLoggerOptions(loadLoggingConfig()).options }),
        ClsModule.forRoot({ global: true }),
        MetricsModule,
        CentralDbModule,
        TenancyModule,
        QueueModule,
        BillingModule,
        TelecomModule,
        EventsModule,
        DocumentsModule,
        MailModule.forRootAsync({
          inject: [MailConfig],
          useFactory: (mail: MailConfig) => ({ host: mail.host, port: mail.port, secure: mail.secure, user: mail.user, password: mail.password, from: mail.from }),
        }),
        WorkerOpsModule,
      ],
      providers: [
        JobWorkers,
        TenantJobRunner,
        CustomerMailer,
        BillingProcessor,
        InvoiceMailProcessor,
        AccountSecurityProcessor,
        NotifyAccountLocked,
        SendAccountMail,
        PaymentsProcessor,
        RunDunningAttempt,
        AdvanceTestClock,
        NotifyPaymentFailure,
        RatingProcessor,
        LowBalanceProcessor,
        WebhookSweep,
        StkReconciliationJobs,
        MaintenanceProcessor,
        DeliverWebhooks,
        NotifyEndpointDisabled,
        OutboundWebhookJobs,
        OutboundWebhooksProcessor,
        ...(options.scheduler === false ? [] : [BillingScheduler, WebhookSweepScheduler, StkReconciliationScheduler, AuditLogPruneScheduler, EventsPruneScheduler, OutboundWebhooksScheduler]),
      ],
    };
  }
}

Module({})(WorkerModule);
