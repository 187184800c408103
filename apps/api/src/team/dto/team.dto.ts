import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ROLES } from '@nova/domain';
import type { TeamMember } from '@nova/tenancy';
import { ApiObject } from '../../common/api-object';
import { PageMeta } from '../../common/pagination';

export class TeamMemberDto extends ApiObject('user') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, enumName: 'AdminRole' }) role!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) lastLoginAt!: Date | null;
  @ApiProperty({ description: 'The user proved the address' }) emailVerified!: boolean;
  @ApiProperty({ description: 'TOTP two-factor authentication is on' }) mfaEnabled!: boolean;

  static from(member: TeamMember): TeamMemberDto {
    return TeamMemberDto.of({
      id: member.id,
      email: member.email,
      name: member.name,
      role: member.role,
      createdAt: member.createdAt,
      lastLoginAt: member.lastLoginAt,
      emailVerified: member.emailVerifiedAt !== null,
      mfaEnabled: member.totpEnabledAt !== null,
    });
  }
}

export class TeamListDto extends PageMeta {
  @ApiProperty({ type: [TeamMemberDto] }) data!: TeamMemberDto[];
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES, enumName: 'AdminRole', description: 'owner: everything; admin: all but ownership; member: day-to-day billing, no money-out; viewer: read only' })
  @IsIn(ROLES)
  role!: (typeof ROLES)[number];
}
