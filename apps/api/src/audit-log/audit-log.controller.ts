import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantDb, listAuditLog } from '@nova/tenancy';
import { AllowApiKey, TenantAdmin } from '../auth/auth.decorators';
import { pageRequest } from '../common/pagination';
import { ApiErrors } from '../common/openapi';
import { AuditEntryDto, AuditEntryPageDto, ListAuditLogQuery } from './dto/audit-log.dto';

@ApiTags('Audit log')
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Get()
  @TenantAdmin()
  @AllowApiKey()
  @ApiOkResponse({ type: AuditEntryPageDto })
  @ApiOperation({
    summary: 'List the audit log',
    description:
      'Every change of the tenant\'s data, newest first: who (user, API key, platform job, provider webhook), what (action, object, the changed fields before and after, secrets masked), when and from where. Owners, admins and full-scope API keys; kept for AUDIT_LOG_RETENTION_DAYS.',
  })
  @ApiErrors(400)
  async list(@Query() query: ListAuditLogQuery): Promise<AuditEntryPageDto> {
    const { actorType, actorId, objectType, objectId, action, requestId } = query;
    const page = await listAuditLog(await this.tenantDb.connection(), { ...pageRequest(query), actorType, actorId, objectType, objectId, action, requestId });
    return { object: 'list', ...page, data: page.data.map(AuditEntryDto.from) };
  }
}
