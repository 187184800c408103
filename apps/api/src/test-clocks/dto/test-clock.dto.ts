import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import type { TestClockRecord } from '@nova/billing';
import { TEST_CLOCK_NAME_MAX_LENGTH, TEST_CLOCK_STATUSES, type TestClockStatus } from '@nova/domain';
import { ApiObject } from '../../common/api-object';
import { PageMeta } from '../../common/pagination';

export class CreateTestClockDto {
  @ApiProperty({ format: 'date-time', example: '2026-01-01T00:00:00Z', description: "The clock's starting time (ISO 8601): within a year back and two years ahead of now" })
  @IsISO8601({ strict: true })
  frozenTime!: string;

  @ApiPropertyOptional({ example: 'Annual plan, first year', maxLength: TEST_CLOCK_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(TEST_CLOCK_NAME_MAX_LENGTH)
  name?: string;
}

export class AdvanceTestClockDto {
  @ApiProperty({ format: 'date-time', example: '2026-04-01T00:00:00Z', description: "Where to move the clock: later than its frozen time, at most two years after it" })
  @IsISO8601({ strict: true })
  frozenTime!: string;
}

export class TestClockDto extends ApiObject('test_clock') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ format: 'date-time', description: "The clock's time: its customers' subscriptions, invoices and payments run as of it" }) frozenTime!: Date;
  @ApiProperty({ enum: TEST_CLOCK_STATUSES, enumName: 'TestClockStatus', description: 'ready; advancing (the worker is billing the way to advancingTo); internal_failure (an advance failed: delete it)' })
  status!: TestClockStatus;
  @ApiProperty({ nullable: true, type: Date, format: 'date-time', description: 'While advancing: the time the clock moves to' }) advancingTo!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last advance failed (status internal_failure)' }) failure!: string | null;
  @ApiProperty() createdAt!: Date;

  static from(clock: TestClockRecord): TestClockDto {
    const { id, name, frozenTime, status, advancingTo, failure, createdAt } = clock;
    return TestClockDto.of({ id, name, frozenTime, status, advancingTo, failure, createdAt });
  }
}

export class TestClockPageDto extends PageMeta {
  @ApiProperty({ type: [TestClockDto] }) data!: TestClockDto[];
}
