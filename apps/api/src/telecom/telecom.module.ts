import { Module } from '@nestjs/common';
import { RatePlansController } from './rate-plans.controller';
import { RatePlansService } from './rate-plans.service';

/** Telecom usage over HTTP: rate plans and decks, numbers, accounts and balances, CDRs. */
@Module({ controllers: [RatePlansController], providers: [RatePlansService] })
export class TelecomModule {}
