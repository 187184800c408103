import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { tenantDunningPolicy, updatePaymentSettings } from '@nova/billing';
import { DUNNING_FINAL_ACTIONS, DunningFinalAction, DunningPolicy, REMINDER_DAYS_MAX, REMINDER_DAYS_MIN, reminderDaysProblem, retryDelaysProblem } from '@nova/domain';
import { SatisfiesDomainRule } from '../common/domain-rule';
import { PaymentsConfig } from '@nova/config';
import { TenantDb } from '@nova/tenancy';
import { TenantAdmin } from '../auth/auth.decorators';
import { ApiObject } from '../common/api-object';

const FINAL_ACTIONS = DUNNING_FINAL_ACTIONS;
const REMINDER_DAYS_DESCRIPTION =
  'Days from the due date (negative: before it) on which customers without a saved payment method are reminded of an open invoice, ascending; [] turns reminders off';

export class PaymentSettingsDto extends ApiObject('payment_settings') {
  @ApiProperty({ type: [Number], example: [86_400, 259_200, 432_000], description: 'Seconds before each retry of a failed automatic charge' })
  retryDelaysSeconds!: number[];
  @ApiProperty({ enum: FINAL_ACTIONS, enumName: 'DunningFinalAction', description: 'What happens to the subscription after the last failed retry' }) finalAction!: string;
  @ApiProperty({ type: [Number], example: [-3, 0, 3, 7, 14], description: REMINDER_DAYS_DESCRIPTION }) reminderDays!: number[];
}

export class UpdatePaymentSettingsDto {
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @SatisfiesDomainRule('retryDelays', retryDelaysProblem)
  retryDelaysSeconds?: number[];
  @ApiPropertyOptional({ enum: FINAL_ACTIONS, enumName: 'DunningFinalAction' }) @IsOptional() @IsIn(FINAL_ACTIONS) finalAction?: DunningFinalAction;
  @ApiPropertyOptional({ type: 'array', items: { type: 'integer', minimum: REMINDER_DAYS_MIN, maximum: REMINDER_DAYS_MAX }, description: REMINDER_DAYS_DESCRIPTION })
  @IsOptional()
  @SatisfiesDomainRule('reminderDays', reminderDaysProblem)
  reminderDays?: number[];
}

/** The tenant's dunning policy. */
@ApiTags('Payments')
@TenantAdmin()
@Controller('payment-settings')
export class PaymentSettingsController {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly config: PaymentsConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: PaymentSettingsDto })
  @ApiOperation({ summary: 'Get the dunning policy' })
  async get(): Promise<PaymentSettingsDto> {
    return toDto(await tenantDunningPolicy(await this.tenantDb.connection(), this.config.retryDelaysSeconds));
  }

  @Put()
  @ApiOkResponse({ type: PaymentSettingsDto })
  @ApiOperation({ summary: 'Replace the dunning policy' })
  async update(@Body() body: UpdatePaymentSettingsDto): Promise<PaymentSettingsDto> {
    return toDto(await updatePaymentSettings(await this.tenantDb.connection(), body, this.config.retryDelaysSeconds));
  }
}

function toDto(policy: DunningPolicy): PaymentSettingsDto {
  return PaymentSettingsDto.of({ retryDelaysSeconds: [...policy.retryDelaysSeconds], finalAction: policy.finalAction, reminderDays: [...policy.reminderDays] });
}
