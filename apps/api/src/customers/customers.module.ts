import { Module } from '@nestjs/common';
import { CustomerBalanceController } from './customer-balance.controller';
import { CustomersController } from './customers.controller';

@Module({ controllers: [CustomersController, CustomerBalanceController] })
export class CustomersModule {}
