import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminRole, ApiKeyMode } from '@nova/central-db';
import { AuthPrincipal, CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('API keys')
@ApiBearerAuth('jwt')
@Controller('tenants/me/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @Roles(AdminRole.owner, AdminRole.admin)
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The secret is in this response only' })
  async create(@CurrentAuth() auth: AuthPrincipal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { key, secret } = await this.apiKeys.create(auth.tenantId, { name: body.name, mode: body.mode as ApiKeyMode }, auth.kind === 'user' ? auth.userId : undefined);
    return { ...ApiKeyDto.from(key), secret };
  }

  @Get()
  @ApiOkResponse({ type: [ApiKeyDto] })
  async list(@CurrentAuth() auth: AuthPrincipal): Promise<ApiKeyDto[]> {
    return (await this.apiKeys.list(auth.tenantId)).map(ApiKeyDto.from);
  }

  @Delete(':id')
  @Roles(AdminRole.owner, AdminRole.admin)
  @ApiOkResponse({ type: ApiKeyDto, description: 'The revoked key' })
  async revoke(@CurrentAuth() auth: AuthPrincipal, @Param('id', ParseUuidPipe) id: string): Promise<ApiKeyDto> {
    return ApiKeyDto.from(await this.apiKeys.revoke(auth.tenantId, id));
  }
}
