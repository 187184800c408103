import { Module } from '@nestjs/common';
import { PaymentMethodsController } from './payment-methods.controller';
import { PaymentSettingsController } from './payment-settings.controller';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

@Module({ controllers: [PaymentsController, PaymentMethodsController, PaymentSettingsController], providers: [PaymentsService] })
export class PaymentsModule {}
