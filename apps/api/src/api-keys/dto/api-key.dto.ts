import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import type { ApiKey } from '@nova/central-db';
import { PageMeta } from '../../common/pagination';
import { ApiObject } from '../../common/api-object';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Production server', description: 'A label to recognise the key by' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ enum: ['live', 'test'], enumName: 'ApiKeyMode', default: 'live' })
  @IsOptional()
  @IsIn(['live', 'test'])
  mode: 'live' | 'test' = 'live';

  @ApiPropertyOptional({ enum: ['full', 'read_only'], enumName: 'ApiKeyScope', default: 'full', description: 'full: every endpoint open to API keys; read_only: reads only (any write answers 403 naming the scope)' })
  @IsOptional()
  @IsIn(['full', 'read_only'])
  scope: 'full' | 'read_only' = 'full';
}

export class ApiKeyDto extends ApiObject('api_key') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['live', 'test'], enumName: 'ApiKeyMode' }) mode!: string;
  @ApiProperty({ enum: ['full', 'read_only'], enumName: 'ApiKeyScope' }) scope!: string;
  @ApiProperty({ example: 'sk_live_Ab3d', description: 'The first characters of the secret' }) prefix!: string;
  @ApiProperty({ example: 'x9Qz', description: 'The last four characters of the secret' }) last4!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) lastUsedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) revokedAt!: Date | null;

  static from(key: ApiKey): ApiKeyDto {
    return ApiKeyDto.of({ id: key.id, name: key.name, mode: key.mode, scope: key.scope, prefix: key.prefix, last4: key.last4, createdAt: key.createdAt, lastUsedAt: key.lastUsedAt, revokedAt: key.revokedAt });
  }
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The secret. Shown only in this response: store it now.', example: 'sk_live_…' })
  secret!: string;
}

export class ApiKeyPageDto extends PageMeta {
  @ApiProperty({ type: [ApiKeyDto] }) data!: ApiKeyDto[];
}
