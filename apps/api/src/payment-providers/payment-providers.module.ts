import { Module } from '@nestjs/common';
import { ConnectProviderAccount, GetProviderAccount, ListProviderAccounts, ProviderAccountViews, RemoveProviderAccount, TestProviderAccount, UpdateProviderAccount } from '@nova/billing';
import { PaymentProvidersController } from './payment-providers.controller';

/** Exports ConnectProviderAccount for in-process callers (bench/webhook-intake.bench.ts connects its account with it). */
@Module({
  controllers: [PaymentProvidersController],
  providers: [ProviderAccountViews, ConnectProviderAccount, ListProviderAccounts, GetProviderAccount, UpdateProviderAccount, RemoveProviderAccount, TestProviderAccount],
  exports: [ConnectProviderAccount],
})
export class PaymentProvidersModule {}
