import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import { ROLES } from '@nova/domain';
import type { Invitation } from '@nova/tenancy';
import { PageMeta } from '../../common/pagination';
import { ApiObject } from '../../common/api-object';

const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateInvitationDto {
  @ApiProperty({ example: 'bola@acme.example', description: 'Where the invitation goes; an address that already has an account is a 409' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ROLES, enumName: 'AdminRole', description: 'The role the invitee gets; only an owner may invite an owner' })
  @IsIn(ROLES)
  role!: (typeof ROLES)[number];
}

export class InvitationDto extends ApiObject('invitation') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES, enumName: 'AdminRole' }) role!: string;
  @ApiProperty({ enum: ['pending', 'used', 'revoked', 'expired'], enumName: 'InvitationStatus', description: 'used: accepted' }) status!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) invitedById!: string | null;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty() createdAt!: Date;

  static from(invitation: Invitation): InvitationDto {
    const { id, email, role, status, invitedById, expiresAt, createdAt } = invitation;
    return { object: 'invitation', id, email, role, status, invitedById, expiresAt, createdAt };
  }
}

/** A tenant's open invitations come in one page (a team is small): hasMore is false, nextCursor null. */
export class InvitationListDto extends PageMeta {
  @ApiProperty({ type: [InvitationDto] }) data!: InvitationDto[];
}
