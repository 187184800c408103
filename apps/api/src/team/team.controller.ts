import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { listOf } from '../common/api-object';
import { PageQuery, pageRequest } from '../common/pagination';
import { AdminRole, CentralDb } from '@nova/central-db';
import { DomainError, ErrorCode } from '@nova/domain';
import { CentralAuditLog, InviteUser, changeUserRole, listInvitations, listTeam, removeUser, revokeInvitation } from '@nova/tenancy';
import { AuthPrincipal, CurrentAuth, TenantAdmin } from '../auth/auth.decorators';
import { ApiErrors } from '../common/openapi';
import { ParseUuidPipe } from '../common/validation';
import { ChangeRoleDto, TeamListDto, TeamMemberDto } from './dto/team.dto';
import { CreateInvitationDto, InvitationDto, InvitationListDto } from './dto/invitation.dto';

/** The tenant's users: everyone signed in may list them; owners and admins change roles and remove users (only owners touch ownership). */
@ApiTags('Team')
@Controller('tenants/me/users')
export class TeamController {
  constructor(
    private readonly central: CentralDb,
    private readonly audit: CentralAuditLog,
  ) {}

  @Get()
  @ApiOkResponse({ type: TeamListDto })
  @ApiOperation({ summary: 'List the tenant\'s users, newest first (cursor pagination)' })
  async list(@CurrentAuth() auth: AuthPrincipal, @Query() query: PageQuery): Promise<TeamListDto> {
    return listOf(await listTeam(this.central, { ...pageRequest(query), tenantId: auth.tenantId }), TeamMemberDto.from);
  }

  @Patch(':id')
  @TenantAdmin()
  @ApiOkResponse({ type: TeamMemberDto })
  @ApiOperation({ summary: 'Change a user\'s role (the last owner cannot be demoted; only owners grant or remove ownership)' })
  @ApiErrors(409)
  async changeRole(@CurrentAuth() auth: AuthPrincipal, @Param('id', ParseUuidPipe) id: string, @Body() body: ChangeRoleDto): Promise<TeamMemberDto> {
    return TeamMemberDto.from(await changeUserRole(this.central, { tenantId: auth.tenantId, actorRole: actorRole(auth), userId: id, role: body.role as AdminRole }, this.audit));
  }

  @Delete(':id')
  @TenantAdmin()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The user and their sessions are gone' })
  @ApiOperation({ summary: 'Remove a user from the tenant (never the last owner)' })
  @ApiErrors(409)
  async remove(@CurrentAuth() auth: AuthPrincipal, @Param('id', ParseUuidPipe) id: string): Promise<void> {
    await removeUser(this.central, { tenantId: auth.tenantId, actorRole: actorRole(auth), userId: id }, this.audit);
  }
}


/** Invitations to join the tenant: owners and admins invite (only owners invite owners), list and revoke. */
@ApiTags('Team')
@Controller('tenants/me/invitations')
export class InvitationsController {
  constructor(
    private readonly central: CentralDb,
    private readonly inviteUser: InviteUser,
    private readonly audit: CentralAuditLog,
  ) {}

  @Post()
  @TenantAdmin()
  @ApiCreatedResponse({ type: InvitationDto, description: 'The invitation e-mail (valid 7 days, single use) is on its way; an earlier one to the address stops working' })
  @ApiErrors(409)
  @ApiOperation({ summary: 'Invite someone to the tenant by e-mail' })
  async invite(@CurrentAuth() auth: AuthPrincipal, @Body() body: CreateInvitationDto, @Req() request: FastifyRequest): Promise<InvitationDto> {
    const role = actorRole(auth);
    const invitation = await this.inviteUser.execute({ tenantId: auth.tenantId, actorId: userIdOf(auth), actorRole: role, email: body.email, role: body.role as AdminRole, correlationId: request.id });
    return InvitationDto.from(invitation);
  }

  @Get()
  @TenantAdmin()
  @ApiOkResponse({ type: InvitationListDto })
  @ApiOperation({ summary: 'List the invitations not accepted or revoked yet (expired ones show as expired), newest first (cursor pagination)' })
  async list(@CurrentAuth() auth: AuthPrincipal, @Query() query: PageQuery): Promise<InvitationListDto> {
    return listOf(await listInvitations(this.central, { ...pageRequest(query), tenantId: auth.tenantId }), InvitationDto.from);
  }

  @Delete(':id')
  @TenantAdmin()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The invitation\'s link no longer works' })
  @ApiErrors(409)
  @ApiOperation({ summary: 'Revoke an invitation (an accepted one is a 409: remove the user instead)' })
  async revoke(@CurrentAuth() auth: AuthPrincipal, @Param('id', ParseUuidPipe) id: string): Promise<void> {
    await revokeInvitation(this.central, { tenantId: auth.tenantId, invitationId: id }, this.audit);
  }
}

function actorRole(auth: AuthPrincipal): AdminRole {
  // The guard lets only JWT users in here (no AllowApiKey); this keeps the type honest.
  if (auth.kind !== 'user') throw new DomainError(ErrorCode.Forbidden, 'Only a signed-in user can manage the team');
  return auth.role;
}

function userIdOf(auth: AuthPrincipal): string {
  if (auth.kind !== 'user') throw new DomainError(ErrorCode.Forbidden, 'Only a signed-in user can manage the team');
  return auth.userId;
}
