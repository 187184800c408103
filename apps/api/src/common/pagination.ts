import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { AppError } from '@nova/common';

export class PageQuery {
  @ApiPropertyOptional({ description: 'Page size', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page\'s `nextCursor`' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export class PageMeta {
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` to get the next page; null on the last page' })
  nextCursor!: string | null;
}

/** Keyset position: rows are ordered by (createdAt DESC, id DESC). */
export interface Keyset {
  createdAt: Date;
  id: string;
}

export function encodeCursor(row: Keyset): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Keyset | undefined {
  if (!cursor) return undefined;
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(createdAt ?? '');
  if (!id || Number.isNaN(date.getTime())) throw AppError.validation('cursor', 'is not a cursor this API issued');
  return { createdAt: date, id };
}

/** Prisma `where` fragment selecting rows after the cursor in (createdAt DESC, id DESC) order. */
export function afterCursor(cursor: string | undefined): object {
  const keyset = decodeCursor(cursor);
  if (!keyset) return {};
  return { OR: [{ createdAt: { lt: keyset.createdAt } }, { createdAt: keyset.createdAt, id: { lt: keyset.id } }] };
}

export const KEYSET_ORDER = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** Fetches limit + 1 rows and turns them into a page. */
export function toPage<T extends Keyset>(rows: T[], limit: number): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
