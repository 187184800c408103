import { Module } from '@nestjs/common';
import { TaxController } from './tax.controller';
import { TaxReportController } from './tax-report.controller';

@Module({ controllers: [TaxController, TaxReportController] })
export class TaxModule {}
