import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminRole, CentralDb } from '@nova/central-db';
import { TenantDirectory } from '@nova/tenancy';
import { AuthPrincipal, CurrentAuth, Roles } from '../auth/auth.decorators';
import { TenantDto, UpdateTenantDto } from './dto/tenant.dto';

@ApiTags('Tenant')
@ApiBearerAuth('jwt')
@Controller('tenants/me')
export class TenantsController {
  constructor(
    private readonly central: CentralDb,
    private readonly directory: TenantDirectory,
  ) {}

  @Get()
  @ApiOkResponse({ type: TenantDto })
  async get(@CurrentAuth() auth: AuthPrincipal): Promise<TenantDto> {
    return TenantDto.from(await this.central.prisma.tenant.findUniqueOrThrow({ where: { id: auth.tenantId } }));
  }

  @Patch()
  @Roles(AdminRole.owner, AdminRole.admin)
  @ApiOkResponse({ type: TenantDto })
  async update(@CurrentAuth() auth: AuthPrincipal, @Body() body: UpdateTenantDto): Promise<TenantDto> {
    const tenant = await this.central.prisma.tenant.update({ where: { id: auth.tenantId }, data: body });
    await this.directory.announceChange(auth.tenantId);
    return TenantDto.from(tenant);
  }
}
