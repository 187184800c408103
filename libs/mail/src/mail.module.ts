import { Injectable, Module, type DynamicModule, type InjectionToken, type ModuleMetadata, type OnApplicationShutdown } from '@nestjs/common';
import { Mailer } from './mailer';
import type { SmtpConfig } from './smtp-config';

export const SMTP_CONFIG: InjectionToken<SmtpConfig> = Symbol('SMTP_CONFIG');

export interface MailModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...deps: never[]) => SmtpConfig | Promise<SmtpConfig>;
}

/** Closes the pooled SMTP connections when the application shuts down. */
@Injectable()
class MailerShutdown implements OnApplicationShutdown {
  constructor(private readonly mailer: Mailer) {}

  onApplicationShutdown(): Promise<void> {
    return this.mailer.close();
  }
}

/** Provides one process-wide `Mailer`, globally, so API and worker modules can inject it. */
@Module({})
export class MailModule {
  static forRoot(config: SmtpConfig): DynamicModule {
    return MailModule.forRootAsync({ useFactory: () => config });
  }

  static forRootAsync(options: MailModuleAsyncOptions): DynamicModule {
    return {
      module: MailModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: SMTP_CONFIG, useFactory: options.useFactory, inject: options.inject ?? [] },
        { provide: Mailer, useFactory: (config: SmtpConfig) => new Mailer(config), inject: [SMTP_CONFIG] },
        MailerShutdown,
      ],
      exports: [Mailer],
    };
  }
}
