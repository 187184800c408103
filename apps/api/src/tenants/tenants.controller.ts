import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { describePlatformPlan } from '@nova/billing';
import { CentralDb, Tenant } from '@nova/central-db';
import { TenantDb, UpdateTenantSettings, getTenant } from '@nova/tenancy';
import { AuthPrincipal, CurrentAuth, TenantAdmin } from '../auth/auth.decorators';
import { TenantDto, UpdateTenantDto } from './dto/tenant.dto';

@ApiTags('Tenant')
@Controller('tenants/me')
export class TenantsController {
  constructor(
    private readonly central: CentralDb,
    private readonly updateTenantSettings: UpdateTenantSettings,
    private readonly tenantDb: TenantDb,
  ) {}

  @Get()
  @ApiOkResponse({ type: TenantDto })
  @ApiOperation({ summary: 'Get your tenant', description: 'With `plan`: your NovaBilling plan, when its trial ends, and your usage against each of its limits.' })
  async get(@CurrentAuth() auth: AuthPrincipal): Promise<TenantDto> {
    return this.withPlan(await getTenant(this.central, auth.tenantId));
  }

  @Patch()
  @TenantAdmin()
  @ApiOkResponse({ type: TenantDto })
  @ApiOperation({ summary: 'Update your tenant\'s settings (mfaRequired: owners only)' })
  async update(@CurrentAuth() auth: AuthPrincipal, @Body() body: UpdateTenantDto): Promise<TenantDto> {
    const { name, defaultCurrency, invoicePrefix, paymentTermsDays, draftFinalizeDelayMinutes, billingEmail, timeZone, mfaRequired } = body;
    const actorRole = auth.kind === 'user' ? auth.role : undefined;
    return this.withPlan(
      await this.updateTenantSettings.execute({ tenantId: auth.tenantId, actorRole, change: { name, defaultCurrency, invoicePrefix, paymentTermsDays, draftFinalizeDelayMinutes, billingEmail, timeZone, mfaRequired } }),
    );
  }

  private async withPlan(tenant: Tenant): Promise<TenantDto> {
    return TenantDto.from(tenant, await describePlatformPlan(this.central, await this.tenantDb.connection(), tenant));
  }
}
