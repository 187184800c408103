import { Module } from '@nestjs/common';
import { RenderReceiptPdf, SavePaymentMethod } from '@nova/billing';
import { PaymentMethodsController } from './payment-methods.controller';
import { PaymentSettingsController } from './payment-settings.controller';
import { PaymentsController } from './payments.controller';

@Module({ controllers: [PaymentsController, PaymentMethodsController, PaymentSettingsController], providers: [SavePaymentMethod, RenderReceiptPdf] })
export class PaymentsModule {}
