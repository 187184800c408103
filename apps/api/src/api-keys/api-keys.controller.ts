import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import { ApiKeyMode, ApiKeyScope, CentralDb } from '@nova/central-db';
import { CentralAuditLog, RevokeApiKey, createApiKey, listApiKeys } from '@nova/tenancy';
import { AuthPrincipal, CurrentAuth, TenantAdmin } from '../auth/auth.decorators';
import { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { PageQuery, pageRequest } from '../common/pagination';
import { ParseUuidPipe } from '../common/validation';
import { ApiErrors } from '../common/openapi';

@ApiTags('API keys')
@Controller('tenants/me/api-keys')
export class ApiKeysController {
  constructor(
    private readonly central: CentralDb,
    private readonly revokeApiKey: RevokeApiKey,
    private readonly audit: CentralAuditLog,
  ) {}

  @Post()
  @TenantAdmin()
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The secret is in this response only' })
  @ApiOperation({ summary: 'Create an API key (the secret is shown only in this answer)', description: 'Within the `apiKeys` limit of your NovaBilling plan (active keys count; revoke one to free a place): past it, 402 `plan_limit_reached`.' })
  @ApiErrors(402)
  async create(@CurrentAuth() auth: AuthPrincipal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { key, secret } = await createApiKey(this.central, {
      tenantId: auth.tenantId,
      name: body.name,
      mode: body.mode as ApiKeyMode,
      scope: body.scope as ApiKeyScope,
      createdById: auth.kind === 'user' ? auth.userId : undefined,
    }, this.audit);
    return { ...ApiKeyDto.from(key), secret };
  }

  @Get()
  @ApiOkResponse({ type: ApiKeyPageDto })
  @ApiOperation({ summary: 'List the tenant\'s API keys, newest first (cursor pagination)' })
  async list(@CurrentAuth() auth: AuthPrincipal, @Query() query: PageQuery): Promise<ApiKeyPageDto> {
    const page = await listApiKeys(this.central, { ...pageRequest(query), tenantId: auth.tenantId });
    return listOf(page, ApiKeyDto.from);
  }

  @Delete(':id')
  @TenantAdmin()
  @ApiOkResponse({ type: ApiKeyDto, description: 'The revoked key' })
  @ApiOperation({ summary: 'Revoke an API key' })
  async revoke(@CurrentAuth() auth: AuthPrincipal, @Param('id', ParseUuidPipe) id: string): Promise<ApiKeyDto> {
    return ApiKeyDto.from(await this.revokeApiKey.execute({ tenantId: auth.tenantId, apiKeyId: id }));
  }
}
