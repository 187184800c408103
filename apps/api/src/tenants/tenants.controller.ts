import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CentralDb } from '@nova/central-db';
import { UpdateTenantSettings, getTenant } from '@nova/tenancy';
import { AuthPrincipal, CurrentAuth, TenantAdmin } from '../auth/auth.decorators';
import { TenantDto, UpdateTenantDto } from './dto/tenant.dto';

@ApiTags('Tenant')
@Controller('tenants/me')
export class TenantsController {
  constructor(
    private readonly central: CentralDb,
    private readonly updateTenantSettings: UpdateTenantSettings,
  ) {}

  @Get()
  @ApiOkResponse({ type: TenantDto })
  @ApiOperation({ summary: 'Get your tenant' })
  async get(@CurrentAuth() auth: AuthPrincipal): Promise<TenantDto> {
    return TenantDto.from(await getTenant(this.central, auth.tenantId));
  }

  @Patch()
  @TenantAdmin()
  @ApiOkResponse({ type: TenantDto })
  @ApiOperation({ summary: 'Update your tenant\'s settings (mfaRequired: owners only)' })
  async update(@CurrentAuth() auth: AuthPrincipal, @Body() body: UpdateTenantDto): Promise<TenantDto> {
    const { name, defaultCurrency, invoicePrefix, paymentTermsDays, billingEmail, mfaRequired } = body;
    const actorRole = auth.kind === 'user' ? auth.role : undefined;
    return TenantDto.from(await this.updateTenantSettings.execute({ tenantId: auth.tenantId, actorRole, change: { name, defaultCurrency, invoicePrefix, paymentTermsDays, billingEmail, mfaRequired } }));
  }
}
