import { Module } from '@nestjs/common';
import { TelecomModule } from '@nova/telecom';
import { AccountsController, DidsController } from './accounts.controller';
import { AnalyticsController, CdrsController } from './cdrs.controller';
import { RatePlansController } from './rate-plans.controller';

/** Telecom usage over HTTP: rate plans and decks, numbers, accounts and balances, CDRs. Controllers call the telecom use cases. */
@Module({
  imports: [TelecomModule],
  controllers: [RatePlansController, AccountsController, DidsController, CdrsController, AnalyticsController],
})
export class TelecomApiModule {}
