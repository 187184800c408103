import { Module } from '@nestjs/common';
import { RenderCreditNotePdf } from '@nova/billing';
import { CreditNotesController } from './credit-notes.controller';

@Module({ controllers: [CreditNotesController], providers: [RenderCreditNotePdf] })
export class CreditNotesModule {}
