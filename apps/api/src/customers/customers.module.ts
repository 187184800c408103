import { Module } from '@nestjs/common';
import { CustomerBalanceController } from './customer-balance.controller';
import { CustomersController } from './customers.controller';
import { CustomerTaxIdsController } from './customer-tax-ids.controller';

@Module({ controllers: [CustomersController, CustomerBalanceController, CustomerTaxIdsController] })
export class CustomersModule {}
