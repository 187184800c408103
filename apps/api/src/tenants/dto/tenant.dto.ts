import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { Tenant } from '@nova/central-db';
import type { PlatformPlanUsage } from '@nova/billing';
import { CURRENCY_CODES, DRAFT_FINALIZE_DELAY_MINUTES_MAX, INVOICE_PREFIX_MAX_LENGTH, PAYMENT_TERMS_DAYS_MAX, PLATFORM_PLAN_CODES, TRIAL_DAYS, invoicePrefixProblem, platformPlan, timeZoneProblem } from '@nova/domain';
import { SatisfiesDomainRule } from '../../common/domain-rule';
import { ApiObject } from '../../common/api-object';

export class PlanLimitUsageDto {
  @ApiProperty({ type: 'integer', example: 12, description: 'How many there are now (invoicesPerMonth: issued this calendar month in the tenant\'s timeZone)' }) used!: number;
  @ApiProperty({ type: 'integer', nullable: true, example: 50, description: 'The maximum (null: unlimited)' }) max!: number | null;
}

export class PlanLimitsUsageDto {
  @ApiProperty({ type: PlanLimitUsageDto, description: 'Customers (deleting one frees its place)' }) customers!: PlanLimitUsageDto;
  @ApiProperty({ type: PlanLimitUsageDto, description: 'Invoices issued in the current calendar month of the tenant\'s timeZone, the billing cycle\'s included; past the maximum one-off invoices and new subscriptions are refused, renewals are still issued' })
  invoicesPerMonth!: PlanLimitUsageDto;
  @ApiProperty({ type: PlanLimitUsageDto, description: 'Active (not revoked) API keys' }) apiKeys!: PlanLimitUsageDto;
  @ApiProperty({ type: PlanLimitUsageDto, description: 'Team members (users of the tenant)' }) teamSeats!: PlanLimitUsageDto;
}

/** The tenant's own NovaBilling plan. */
export class TenantPlatformPlanDto extends ApiObject('platform_plan') {
  @ApiProperty({ enum: PLATFORM_PLAN_CODES, enumName: 'PlatformPlanCode', example: 'trial', description: `New tenants start on a ${TRIAL_DAYS}-day trial with the free tier's limits` }) code!: string;
  @ApiProperty({ example: 'Trial' }) name!: string;
  @ApiProperty({ type: Date, nullable: true, description: 'When the trial ends (null: the plan does not expire)' }) trialEndsAt!: Date | null;
  @ApiProperty({ enum: ['full', 'read_only'], enumName: 'PlanAccess', description: 'read_only once the trial has ended: reads work, writes answer 403 `trial_ended` until a plan is set' }) access!: 'full' | 'read_only';
  @ApiProperty({ type: PlanLimitsUsageDto }) limits!: PlanLimitsUsageDto;

  static from(plan: PlatformPlanUsage): TenantPlatformPlanDto {
    return { object: 'platform_plan', code: plan.code, name: platformPlan(plan.code).name, trialEndsAt: plan.trialEndsAt, access: plan.access, limits: plan.limits };
  }
}

export class TenantDto extends ApiObject('tenant') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['provisioning', 'active', 'suspended'], enumName: 'TenantStatus' }) status!: string;
  @ApiProperty({ example: 'KES' }) defaultCurrency!: string;
  @ApiProperty({ example: 'INV' }) invoicePrefix!: string;
  @ApiProperty({ type: 'integer', example: 14 }) paymentTermsDays!: number;
  @ApiProperty({ type: 'integer', example: 60, description: "Minutes the billing cycle's renewal invoices stay drafts (editable) before they are finalized; 0: finalized at once" }) draftFinalizeDelayMinutes!: number;
  @ApiProperty({ nullable: true, type: String }) billingEmail!: string | null;
  @ApiProperty({ example: 'Asia/Kolkata', description: "IANA time zone you bill in: new subscriptions' periods start at its local midnight; invoice, credit-note and receipt PDFs print its dates; monthly reports use its months" })
  timeZone!: string;
  @ApiProperty({ description: 'Users without MFA are told at login to enrol (`mfaEnrolmentRequired` in the login answer)' }) mfaRequired!: boolean;
  @ApiProperty({ description: 'The database server holding this tenant\'s data' }) dbServer!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) activatedAt!: Date | null;
  @ApiProperty({ type: TenantPlatformPlanDto, description: 'Your NovaBilling plan and your usage against each of its limits' }) plan!: TenantPlatformPlanDto;

  static from(tenant: Tenant, plan: PlatformPlanUsage): TenantDto {
    return TenantDto.of({
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      status: tenant.status,
      defaultCurrency: tenant.defaultCurrency,
      invoicePrefix: tenant.invoicePrefix,
      paymentTermsDays: tenant.paymentTermsDays,
      draftFinalizeDelayMinutes: tenant.draftFinalizeDelayMinutes,
      billingEmail: tenant.billingEmail,
      timeZone: tenant.timeZone,
      mfaRequired: tenant.mfaRequired,
      dbServer: tenant.dbServer,
      createdAt: tenant.createdAt,
      activatedAt: tenant.activatedAt,
      plan: TenantPlatformPlanDto.from(plan),
    });
  }
}

export class UpdateTenantDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 120) name?: string;

  @ApiPropertyOptional({ example: 'KES' })
  @IsOptional()
  @IsIn(CURRENCY_CODES, { message: 'defaultCurrency must be an ISO 4217 currency code' })
  defaultCurrency?: string;

  @ApiPropertyOptional({ example: 'ACME', description: "Prefix of new invoice numbers (ACME → ACME-000042; a trailing '-' is the separator)", maxLength: INVOICE_PREFIX_MAX_LENGTH })
  @IsOptional()
  @SatisfiesDomainRule('invoicePrefix', invoicePrefixProblem)
  invoicePrefix?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: PAYMENT_TERMS_DAYS_MAX }) @IsOptional() @IsInt() @Min(0) @Max(PAYMENT_TERMS_DAYS_MAX) paymentTermsDays?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: DRAFT_FINALIZE_DELAY_MINUTES_MAX, description: "Minutes the billing cycle's renewals stay drafts before they are finalized (Stripe: 60); 0: finalized at once" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(DRAFT_FINALIZE_DELAY_MINUTES_MAX)
  draftFinalizeDelayMinutes?: number;

  @ApiPropertyOptional({ description: 'Reply-to address on invoice e-mails', format: 'email' }) @IsOptional() @IsEmail() billingEmail?: string;

  @ApiPropertyOptional({ example: 'Africa/Nairobi', description: "IANA time zone (default UTC). Subscriptions created afterwards bill in it; existing ones keep the zone they were created in" })
  @IsOptional()
  @SatisfiesDomainRule('timeZone', timeZoneProblem)
  timeZone?: string;

  @ApiPropertyOptional({ description: 'Owners only (403 otherwise): require MFA of every user; those without it are told at login to enrol' })
  @IsOptional()
  @IsBoolean()
  mfaRequired?: boolean;
}
