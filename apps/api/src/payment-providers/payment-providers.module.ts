import { Module } from '@nestjs/common';
import { ConnectProviderAccount, GetProviderAccount, ListProviderAccounts, ProviderAccountViews, RemoveProviderAccount, TestProviderAccount, UpdateProviderAccount } from '@nova/billing';
import { PaymentProvidersController } from './payment-providers.controller';

@Module({
  controllers: [PaymentProvidersController],
  providers: [ProviderAccountViews, ConnectProviderAccount, ListProviderAccounts, GetProviderAccount, UpdateProviderAccount, RemoveProviderAccount, TestProviderAccount],
})
export class PaymentProvidersModule {}
