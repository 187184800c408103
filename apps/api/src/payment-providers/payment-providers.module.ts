import { Module } from '@nestjs/common';
import { PaymentProvidersController } from './payment-providers.controller';
import { PaymentProvidersService } from './payment-providers.service';

@Module({ controllers: [PaymentProvidersController], providers: [PaymentProvidersService] })
export class PaymentProvidersModule {}
