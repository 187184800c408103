import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@nova/domain';
import { IsAcceptablePassword } from '../../auth/dto/acceptable-password';

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password in use now' })
  @IsString()
  @Length(1, 200)
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: 'At least 10 characters (Unicode code points), not only spaces, and not one of ~10,000 common passwords' })
  @IsAcceptablePassword()
  newPassword!: string;
}
