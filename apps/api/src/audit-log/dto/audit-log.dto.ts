import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { AuditEntryRecord } from '@nova/tenancy';
import { CreatedPageQuery, PageMeta } from '../../common/pagination';
import { ApiObject } from '../../common/api-object';

export const AUDIT_ACTOR_TYPES = ['user', 'api_key', 'system', 'provider', 'unknown'] as const;
const ACTOR_TYPE_DESCRIPTION =
  'user: an admin (JWT); api_key: one of the tenant\'s keys; system: a platform job; provider: a payment provider\'s webhook; unknown: a write made outside any request or job (an operator\'s SQL)';

export class ListAuditLogQuery extends CreatedPageQuery {
  @ApiPropertyOptional({ enum: AUDIT_ACTOR_TYPES, enumName: 'AuditActorType', description: ACTOR_TYPE_DESCRIPTION })
  @IsOptional()
  @IsIn(AUDIT_ACTOR_TYPES)
  actorType?: (typeof AUDIT_ACTOR_TYPES)[number];

  @ApiPropertyOptional({ description: 'Only changes by this actor: an admin user id, an API key id, a job name (`billing.run-tenant`) or a provider account id', example: 'billing.run-tenant' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actorId?: string;

  @ApiPropertyOptional({ description: 'Only changes of this type of object (snake case, singular)', example: 'invoice' })
  @IsOptional()
  @Matches(/^[a-z][a-z_]{0,62}$/, { message: 'must be an object type such as invoice or customer_balance' })
  objectType?: string;

  @ApiPropertyOptional({ description: 'Only changes of this object (its id; composite keys joined by `:`); usually with objectType', example: '3f1c2e4a-9b7d-4c1e-8a2f-6d5e4c3b2a10' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  objectId?: string;

  @ApiPropertyOptional({ description: 'Only this action, `<object type>.<verb>`', example: 'invoice.status_changed' })
  @IsOptional()
  @Matches(/^[a-z][a-z_]{0,62}\.(created|updated|status_changed|deleted)$/, { message: 'must be <object type>.<created|updated|status_changed|deleted>' })
  action?: string;

  @ApiPropertyOptional({ description: 'Only what one request changed (its X-Request-Id), jobs it queued included', example: '9b2f6c1e-3d4a-4b5c-8d7e-1f2a3b4c5d6e' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  requestId?: string;
}

export class AuditActorDto {
  @ApiProperty({ enum: AUDIT_ACTOR_TYPES, enumName: 'AuditActorType', description: ACTOR_TYPE_DESCRIPTION }) type!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Admin user id, API key id, job name or provider account id (null for unknown)' }) id!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The user\'s e-mail, the key\'s prefix, `system:<job>` or `webhook:<provider>`', example: 'alice@acme.test' })
  label!: string | null;
}

export class AuditOriginDto {
  @ApiProperty({ nullable: true, type: String, description: 'The client\'s IP address (HTTP requests)', example: '203.0.113.7' }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The client\'s User-Agent (HTTP requests)' }) userAgent!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The request\'s X-Request-Id; for a job, the correlation id of the request or schedule that queued it' })
  requestId!: string | null;
}

export class AuditEntryDto extends ApiObject('audit_entry') {
  @ApiProperty({ description: 'The entry\'s id (a decimal integer, increasing)', example: '1042' }) id!: string;
  @ApiProperty({ format: 'date-time', description: 'When the changing transaction began' }) occurredAt!: Date;
  @ApiProperty({ description: '`<object type>.<verb>`: created, updated, status_changed (the status is among the changed fields), deleted', example: 'invoice.status_changed' })
  action!: string;
  @ApiProperty({ description: 'What changed: the table\'s object, snake case and singular (customer, invoice, payment, cdr …)', example: 'invoice' }) objectType!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The object\'s id (composite keys joined by `:`); null for a batch entry (CDRs, rate-deck rows)' })
  objectId!: string | null;
  @ApiProperty({ type: AuditActorDto }) actor!: AuditActorDto;
  @ApiProperty({ type: AuditOriginDto }) origin!: AuditOriginDto;
  @ApiProperty({ description: 'The database transaction: entries with the same id were one change', example: '78211' }) transactionId!: string;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'The changed fields\' old values (the whole row for a deletion, null for a creation); database column names; secrets show as "[masked]"',
  })
  before!: Record<string, unknown> | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'The changed fields\' new values (the whole row for a creation, null for a deletion; `{ "rows": n }` for a batch); secrets show as "[masked]"',
  })
  after!: Record<string, unknown> | null;

  static from(entry: AuditEntryRecord): AuditEntryDto {
    return {
      object: 'audit_entry',
      id: entry.id,
      occurredAt: entry.occurredAt,
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId,
      actor: { type: entry.actorType, id: entry.actorId, label: entry.actorLabel },
      origin: { ip: entry.ip, userAgent: entry.userAgent, requestId: entry.requestId },
      transactionId: entry.transactionId,
      before: entry.before,
      after: entry.after,
    };
  }
}

export class AuditEntryPageDto extends PageMeta {
  @ApiProperty({ type: [AuditEntryDto] }) data!: AuditEntryDto[];
}
