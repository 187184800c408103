import { Module } from '@nestjs/common';
import { TelecomModule } from '@nova/telecom';
import { AccountsController, DidsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { AnalyticsController, CdrsController } from './cdrs.controller';
import { CdrsService } from './cdrs.service';
import { DidsService } from './dids.service';
import { RatePlansController } from './rate-plans.controller';
import { RatePlansService } from './rate-plans.service';

/** Telecom usage over HTTP: rate plans and decks, numbers, accounts and balances, CDRs. */
@Module({
  imports: [TelecomModule],
  controllers: [RatePlansController, AccountsController, DidsController, CdrsController, AnalyticsController],
  providers: [RatePlansService, AccountsService, DidsService, CdrsService],
})
export class TelecomApiModule {}
