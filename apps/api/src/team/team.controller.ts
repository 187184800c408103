import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import { AdminRole, CentralDb } from '@nova/central-db';
import { DomainError, ErrorCode } from '@nova/domain';
import { changeUserRole, listTeam, removeUser } from '@nova/tenancy';
import { AuthPrincipal, CurrentAuth, TenantAdmin } from '../auth/auth.decorators';
import { ApiErrors } from '../common/openapi';
import { ParseUuidPipe } from '../common/validation';
import { ChangeRoleDto, TeamListDto, TeamMemberDto } from './dto/team.dto';

/** The tenant's users: everyone signed in may list them; owners and admins change roles and remove users (only owners touch ownership). */
@ApiTags('Team')
@Controller('tenants/me/users')
export class TeamController {
  constructor(private readonly central: CentralDb) {}

  @Get()
  @ApiOkResponse({ type: TeamListDto })
  @ApiOperation({ summary: 'List the tenant\'s users, oldest first' })
  async list(@CurrentAuth() auth: AuthPrincipal): Promise<TeamListDto> {
    return listOf({ data: await listTeam(this.central, auth.tenantId) }, TeamMemberDto.from);
  }

  @Patch(':id')
  @TenantAdmin()
  @ApiOkResponse({ type: TeamMemberDto })
  @ApiOperation({ summary: 'Change a user\'s role (the last owner cannot be demoted; only owners grant or remove ownership)' })
  @ApiErrors(409)
  async changeRole(@CurrentAuth() auth: AuthPrincipal, @Param('id', ParseUuidPipe) id: string, @Body() body: ChangeRoleDto): Promise<TeamMemberDto> {
    return TeamMemberDto.from(await changeUserRole(this.central, { tenantId: auth.tenantId, actorRole: actorRole(auth), userId: id, role: body.role as AdminRole }));
  }

  @Delete(':id')
  @TenantAdmin()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The user and their sessions are gone' })
  @ApiOperation({ summary: 'Remove a user from the tenant (never the last owner)' })
  @ApiErrors(409)
  async remove(@CurrentAuth() auth: AuthPrincipal, @Param('id', ParseUuidPipe) id: string): Promise<void> {
    await removeUser(this.central, { tenantId: auth.tenantId, actorRole: actorRole(auth), userId: id });
  }
}

function actorRole(auth: AuthPrincipal): AdminRole {
  // The guard lets only JWT users in here (no AllowApiKey); this keeps the type honest.
  if (auth.kind !== 'user') throw new DomainError(ErrorCode.Forbidden, 'Only a signed-in user can manage the team');
  return auth.role;
}
