import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional } from 'class-validator';

/** E-mailing a document (invoice, credit note) to its customer, or to another address. */
export class SendDocumentDto {
  @ApiPropertyOptional({ description: "Send to this address instead of the customer's", format: 'email' }) @IsOptional() @IsEmail() to?: string;
}

export class SendQueuedDto {
  @ApiProperty({ example: true }) queued!: boolean;
  @ApiProperty() jobId!: string;
}
