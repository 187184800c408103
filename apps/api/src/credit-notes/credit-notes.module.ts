import { Module } from '@nestjs/common';
import { CreditNotesController } from './credit-notes.controller';

/** Credit notes over HTTP; their injectable use cases (PDF, e-mail) come from the global BillingModule. */
@Module({ controllers: [CreditNotesController] })
export class CreditNotesModule {}
