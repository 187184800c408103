import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { AdminRole } from '@nova/central-db';
import { PaymentsConfig } from '@nova/config';
import { TenantDb } from '@nova/tenancy';
import { Roles } from '../auth/auth.decorators';

const FINAL_ACTIONS = ['past_due', 'cancel'] as const;

export class PaymentSettingsDto {
  @ApiProperty({ type: [Number], example: [86_400, 259_200, 432_000], description: 'Seconds before each retry of a failed automatic charge' })
  retryDelaysSeconds!: number[];
  @ApiProperty({ enum: FINAL_ACTIONS, description: 'What happens to the subscription after the last failed retry' }) finalAction!: string;
}

export class UpdatePaymentSettingsDto {
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsInt({ each: true, message: 'retryDelaysSeconds must hold whole seconds' })
  @Min(1, { each: true })
  @Max(60 * 86_400, { each: true })
  retryDelaysSeconds?: number[];
  @ApiPropertyOptional({ enum: FINAL_ACTIONS }) @IsOptional() @IsIn(FINAL_ACTIONS) finalAction?: (typeof FINAL_ACTIONS)[number];
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
      create: { id: 1, retryDelaysSeconds: body.retryDelaysSeconds ?? [], finalAction: body.finalAction ?? 'past_due' },
      update: { retryDelaysSeconds: body.retryDelaysSeconds, finalAction: body.finalAction },
    });
    return this.toDto(settings);
  }

  private toDto(settings: { retryDelaysSeconds: number[]; finalAction: string } | null): PaymentSettingsDto {
    return {
      retryDelaysSeconds: settings?.retryDelaysSeconds.length ? settings.retryDelaysSeconds : [...this.config.retryDelaysSeconds],
      finalAction: settings?.finalAction ?? 'past_due',
    };
  }
}
