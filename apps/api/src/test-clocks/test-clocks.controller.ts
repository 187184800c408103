import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { TestClockAdvances, createTestClock, deleteTestClock, getTestClock, listTestClocks } from '@nova/billing';
import { DomainError } from '@nova/domain';
import { TenantContext, TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { listOf } from '../common/api-object';
import { ApiErrors } from '../common/openapi';
import { PageQuery, pageRequest } from '../common/pagination';
import { ParseUuidPipe } from '../common/validation';
import { AdvanceTestClockDto, CreateTestClockDto, TestClockDto, TestClockPageDto } from './dto/test-clock.dto';

/** Test clocks exist in test mode only: in live mode every route is a 400 naming the mode. */
export function assertTestMode(context: TenantContext, field = 'Nova-Mode'): void {
  if (context.livemode) throw DomainError.validation(field, 'test clocks exist in test mode only: use an sk_test_ key, or Nova-Mode: test with a session');
}

@ApiTags('Test clocks')
@AllowApiKey()
@Controller('test-clocks')
export class TestClocksController {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly context: TenantContext,
    private readonly advances: TestClockAdvances,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: TestClockDto })
  @ApiOperation({ summary: 'Create a test clock (test mode)', description: "Stripe's test clocks: customers created with its `testClockId` live by its frozen time instead of the wall clock." })
  async create(@Body() body: CreateTestClockDto): Promise<TestClockDto> {
    assertTestMode(this.context);
    return TestClockDto.from(await createTestClock(await this.tenantDb.connection(), { frozenTime: new Date(body.frozenTime), name: body.name }));
  }

  @Get()
  @ApiOkResponse({ type: TestClockPageDto })
  @ApiOperation({ summary: 'List test clocks (test mode; cursor pagination, newest first)' })
  async list(@Query() query: PageQuery): Promise<TestClockPageDto> {
    assertTestMode(this.context);
    return listOf(await listTestClocks(await this.tenantDb.connection(), pageRequest(query)), TestClockDto.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: TestClockDto })
  @ApiOperation({ summary: 'Get a test clock (test mode)' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<TestClockDto> {
    assertTestMode(this.context);
    return TestClockDto.from(await getTestClock(await this.tenantDb.connection(), id));
  }

  @Post(':id/advance')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: TestClockDto, description: 'Advancing: the worker bills every boundary crossed (trial ends, renewals, charges, dunning retries, reminders), in order, then sets the clock ready' })
  @ApiErrors(409)
  @ApiOperation({ summary: 'Advance a test clock (test mode)', description: 'Forward only, at most two years at a time; one advance at a time (409 while advancing).' })
  async advance(@Param('id', ParseUuidPipe) id: string, @Body() body: AdvanceTestClockDto): Promise<TestClockDto> {
    assertTestMode(this.context);
    return TestClockDto.from(await this.advances.request({ testClockId: id, frozenTime: new Date(body.frozenTime) }, this.context.correlationId ?? randomUUID()));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted with everything it made: its customers and their subscriptions, invoices, payments, credit notes, balances and payment methods (the audit log and events keep their history)' })
  @ApiErrors(409)
  @ApiOperation({ summary: 'Delete a test clock (test mode)' })
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    assertTestMode(this.context);
    await deleteTestClock(await this.tenantDb.connection(), id);
  }
}
