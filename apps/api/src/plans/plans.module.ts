import { Module } from '@nestjs/common';
import { PlansController } from './plans.controller';
import { PricesController } from './prices.controller';

@Module({ controllers: [PlansController, PricesController] })
export class PlansModule {}
