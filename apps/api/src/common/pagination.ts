import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { PageRequest } from '@nova/common';
import { ApiList } from './api-object';

/**
 * The query of every list: `limit`, and at most one of `cursor`, `starting_after`, `ending_before`
 * (Stripe's names; more than one is a 400 naming the second, checked once in resolveWindow).
 */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', description: 'Page size', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page\'s `nextCursor`' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ description: 'An object id of this list: the page of objects listed after it (older)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  starting_after?: string;

  @ApiPropertyOptional({ description: 'An object id of this list: the page of objects listed before it (newer), still newest first' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ending_before?: string;
}

/** A list of billing objects: a page, plus Stripe's `created[gte]` / `created[lt]` as createdGte / createdLt. */
export class CreatedPageQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only objects created at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdGte?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only objects created before this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdLt?: string;
}

/** The use cases' PageRequest of a page query. */
export function pageRequest(query: PageQuery & Partial<Pick<CreatedPageQuery, 'createdGte' | 'createdLt'>>): PageRequest {
  return {
    limit: query.limit,
    cursor: query.cursor,
    startingAfter: query.starting_after,
    endingBefore: query.ending_before,
    createdGte: query.createdGte ? new Date(query.createdGte) : undefined,
    createdLt: query.createdLt ? new Date(query.createdLt) : undefined,
  };
}

/** What a keyset page carries beside `data` (and `object: 'list'`). */
export class PageMeta extends ApiList {
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` to get the next (older) page; null on the last page' })
  nextCursor!: string | null;

  @ApiProperty({ description: 'Whether more objects follow in the direction paged (older ones; newer ones for an `ending_before` page)' })
  hasMore!: boolean;
}
