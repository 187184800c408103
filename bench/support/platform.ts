// The libraries without either app: what a benchmark needs to set tenants up (provisioning, API
// keys, provider accounts, tenant connections) through the same code the apps use, while the
// measured API and worker run as processes of their own (./app-process.ts).
import { INestApplicationContext, Module, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClsModule } from 'nestjs-cls';
import { BillingModule } from '@nova/billing';
import { CentralDbModule } from '@nova/central-db';
import { AppConfig, NovaConfigModule } from '@nova/config';
import { QueueModule } from '@nova/queue';
import { TenancyModule } from '@nova/tenancy';

@Module({})
class BenchPlatformModule {}

/** `providers`: use-case classes a benchmark calls that the library modules do not provide themselves. */
export async function startPlatform(config: AppConfig, providers: Provider[] = []): Promise<INestApplicationContext> {
  const platform = await NestFactory.createApplicationContext(
    { module: BenchPlatformModule, imports: [NovaConfigModule.forRoot(config), ClsModule.forRoot({ global: true }), CentralDbModule, TenancyModule, QueueModule, BillingModule], providers },
    { logger: false },
  );
  await platform.init();
  return platform;
}
