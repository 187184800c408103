import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { ActiveSession } from '@nova/tenancy';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@nova/domain';
import { IsAcceptablePassword } from '../../auth/dto/acceptable-password';
import { ApiObject } from '../../common/api-object';
import { PageMeta } from '../../common/pagination';

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password in use now' })
  @IsString()
  @Length(1, 200)
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: 'At least 10 characters (Unicode code points), not only spaces, and not one of ~10,000 common passwords' })
  @IsAcceptablePassword()
  newPassword!: string;
}

export class ActiveSessionDto extends ApiObject('session') {
  @ApiProperty({ format: 'uuid', description: 'The login (refresh-token family); stays the same across refreshes' }) id!: string;
  @ApiProperty() signedInAt!: Date;
  @ApiProperty() lastRefreshedAt!: Date;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;

  static from(session: ActiveSession): ActiveSessionDto {
    return ActiveSessionDto.of({ id: session.id, signedInAt: session.signedInAt, lastRefreshedAt: session.lastRefreshedAt, expiresAt: session.expiresAt, userAgent: session.userAgent, ip: session.ip });
  }
}

export class SessionListDto extends PageMeta {
  @ApiProperty({ type: [ActiveSessionDto] }) data!: ActiveSessionDto[];
}
