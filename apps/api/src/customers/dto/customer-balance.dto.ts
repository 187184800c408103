import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, NotEquals } from 'class-validator';
import type { BalanceTransactionRecord, CustomerBalanceRecord } from '@nova/billing';
import { BALANCE_REASON_MAX_LENGTH, BALANCE_TRANSACTION_TYPES, CURRENCY_CODES, MAX_BALANCE_ADJUSTMENT_MINOR } from '@nova/domain';
import { PageMeta } from '../../common/pagination';
import { IsMetadata, METADATA_PROPERTY } from '../../common/validation';
import { ApiObject } from '../../common/api-object';

export class AdjustCustomerBalanceDto {
  @ApiProperty({ type: 'integer', example: 50000, description: 'Minor units: positive grants credit, negative takes it back (never below zero)', minimum: -MAX_BALANCE_ADJUSTMENT_MINOR, maximum: MAX_BALANCE_ADJUSTMENT_MINOR })
  @IsInt()
  @Min(-MAX_BALANCE_ADJUSTMENT_MINOR)
  @Max(MAX_BALANCE_ADJUSTMENT_MINOR)
  @NotEquals(0, { message: 'amount must not be zero' })
  amount!: number;

  @ApiProperty({ example: 'KES', description: 'ISO 4217 code; each currency has its own balance' })
  @IsIn(CURRENCY_CODES, { message: 'currency must be an ISO 4217 currency code' })
  currency!: string;

  @ApiProperty({ example: 'Goodwill credit for the March outage', maxLength: BALANCE_REASON_MAX_LENGTH })
  @IsString()
  @MaxLength(BALANCE_REASON_MAX_LENGTH)
  reason!: string;

  @ApiPropertyOptional(METADATA_PROPERTY) @IsOptional() @IsMetadata() metadata?: Record<string, unknown>;
}

export class BalanceTransactionDto extends ApiObject('customer_balance_transaction') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units: positive granted credit, negative used it' }) amount!: number;
  @ApiProperty({ type: 'integer', description: 'The balance after this movement, minor units' }) endingBalance!: number;
  @ApiProperty({ enum: BALANCE_TRANSACTION_TYPES, enumName: 'BalanceTransactionType' }) type!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The invoice the credit was applied to or came back from' }) invoiceId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The payment whose surplus became credit' }) paymentId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The credit note credited to the balance' }) creditNoteId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: unknown;
  @ApiProperty() createdAt!: Date;

  static from(row: BalanceTransactionRecord): BalanceTransactionDto {
    return BalanceTransactionDto.of({ ...row, amount: Number(row.amount), endingBalance: Number(row.endingBalance) });
  }
}

export class BalanceTransactionPageDto extends PageMeta {
  @ApiProperty({ type: [BalanceTransactionDto] }) data!: BalanceTransactionDto[];
}

export class CurrencyBalanceDto {
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'integer', description: 'Credit held, minor units; taken off the next invoices in this currency' }) balance!: number;

  static from(row: CustomerBalanceRecord): CurrencyBalanceDto {
    return { currency: row.currency, balance: Number(row.balance) };
  }
}

export class CustomerBalancesDto extends ApiObject('customer_balance') {
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ type: [CurrencyBalanceDto], description: 'One entry per currency the customer ever held credit in' }) balances!: CurrencyBalanceDto[];
}
