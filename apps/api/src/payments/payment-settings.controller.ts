import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DEFAULT_DUNNING_FINAL_ACTION, DUNNING_FINAL_ACTIONS, DunningFinalAction, resolveDunningPolicy, retryDelaysProblem } from '@nova/domain';
import { SatisfiesDomainRule } from '../common/domain-rule';
import { AdminRole } from '@nova/central-db';
import { PaymentsConfig } from '@nova/config';
import { TenantDb } from '@nova/tenancy';
import { Roles } from '../auth/auth.decorators';

const FINAL_ACTIONS = DUNNING_FINAL_ACTIONS;

export class PaymentSettingsDto {
  @ApiProperty({ type: [Number], example: [86_400, 259_200, 432_000], description: 'Seconds before each retry of a failed automatic charge' })
  retryDelaysSeconds!: number[];
  @ApiProperty({ enum: FINAL_ACTIONS, description: 'What happens to the subscription after the last failed retry' }) finalAction!: string;
}

export class UpdatePaymentSettingsDto {
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @SatisfiesDomainRule('retryDelays', retryDelaysProblem)
  retryDelaysSeconds?: number[];
  @ApiPropertyOptional({ enum: FINAL_ACTIONS }) @IsOptional() @IsIn(FINAL_ACTIONS) finalAction?: DunningFinalAction;
}

/** The tenant's dunning policy. */
@ApiTags('Payments')
@ApiBearerAuth('jwt')
@Roles(AdminRole.owner, AdminRole.admin)
@Controller('payment-settings')
export class PaymentSettingsController {
  constructor(
    private readonly db: TenantDb,
    private readonly config: PaymentsConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: PaymentSettingsDto })
  async get(): Promise<PaymentSettingsDto> {
    const prisma = await this.db.client();
    return this.toDto(await prisma.paymentSettings.findUnique({ where: { id: 1 } }));
  }

  @Put()
  @ApiOkResponse({ type: PaymentSettingsDto })
  async update(@Body() body: UpdatePaymentSettingsDto): Promise<PaymentSettingsDto> {
    const prisma = await this.db.client();
    const settings = await prisma.paymentSettings.upsert({
      where: { id: 1 },
      create: { id: 1, retryDelaysSeconds: body.retryDelaysSeconds ?? [], finalAction: body.finalAction ?? DEFAULT_DUNNING_FINAL_ACTION },
      update: { retryDelaysSeconds: body.retryDelaysSeconds, finalAction: body.finalAction },
    });
    return this.toDto(settings);
  }

  private toDto(settings: { retryDelaysSeconds: number[]; finalAction: string } | null): PaymentSettingsDto {
    const policy = resolveDunningPolicy(settings, this.config.retryDelaysSeconds);
    return { retryDelaysSeconds: [...policy.retryDelaysSeconds], finalAction: policy.finalAction };
  }
}
