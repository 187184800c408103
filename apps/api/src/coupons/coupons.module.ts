import { Module } from '@nestjs/common';
import { CouponsController } from './coupons.controller';
import { DiscountsController } from './discounts.controller';

/** Coupons and the discounts they give to subscriptions and customers. */
@Module({ controllers: [CouponsController, DiscountsController] })
export class CouponsModule {}
