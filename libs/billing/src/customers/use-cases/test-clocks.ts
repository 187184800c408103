// Test clocks (Stripe's, test mode only): create, read, list, and the moves of an advance. Every
// status change asks the clock's machine in libs/domain (transitionTestClock) under a row lock.
// The advance itself (billing each boundary crossed) is the billing cycle's: advance-test-clock.ts.
import { Page, type PageRequest, inTransaction, resolveWindow, toPage } from '@nova/common';
import { DomainError, TEST_CLOCK_NAME_MAX_LENGTH, type TestClockEvent, testClockStartProblem, transitionTestClock } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import type { PoolClient } from 'pg';
import { TestClockRecord, findTestClock, insertTestClock, lockTestClock, markTestClockDeleted, saveTestClockState, selectTestClockPage, testClockPosition } from '../test-clocks.repository';

export interface CreateTestClockCommand {
  readonly frozenTime: Date;
  readonly name?: string;
}

export async function createTestClock(db: TenantDatabase, command: CreateTestClockCommand, now = new Date()): Promise<TestClockRecord> {
  const problem = testClockStartProblem(command.frozenTime, now);
  if (problem) throw DomainError.validation('frozenTime', problem);
  if (command.name !== undefined && command.name.length > TEST_CLOCK_NAME_MAX_LENGTH) throw DomainError.validation('name', `must be at most ${TEST_CLOCK_NAME_MAX_LENGTH} characters`);
  return insertTestClock(db.pool, { name: command.name ?? null, frozenTime: command.frozenTime });
}

export async function getTestClock(db: TenantDatabase, id: string): Promise<TestClockRecord> {
  const clock = await findTestClock(db.pool, id);
  if (!clock) throw DomainError.notFound('TestClock', id);
  return clock;
}

/** Newest first, one keyset page at a time. */
export async function listTestClocks(db: TenantDatabase, query: PageRequest): Promise<Page<TestClockRecord>> {
  const window = await resolveWindow(query, (id) => testClockPosition(db.pool, id));
  return toPage(await selectTestClockPage(db.pool, window), query.limit, undefined, window);
}

/** Locks the clock and moves it by its machine (a refused move is a 409; a bad advance target a 400 naming frozenTime). */
export async function moveTestClock(client: PoolClient, id: string, event: TestClockEvent, failure: string | null = null): Promise<TestClockRecord> {
  const clock = await lockTestClock(client, id);
  if (!clock) throw DomainError.notFound('TestClock', id);
  if (event.type === 'advance' && clock.status === 'ready') {
    const problem = transitionProblem(clock, event);
    if (problem) throw DomainError.validation('frozenTime', problem);
  }
  return saveTestClockState(client, id, transitionTestClock(clock, event), failure);
}

function transitionProblem(clock: TestClockRecord, event: TestClockEvent): string | null {
  try {
    transitionTestClock(clock, event);
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.message : String(error);
  }
}

/** Asks for the clock to move to `frozenTime`: status advancing, until the worker has billed the way there. */
export async function requestTestClockAdvance(db: TenantDatabase, command: { readonly testClockId: string; readonly frozenTime: Date }): Promise<TestClockRecord> {
  return inTransaction(db.pool, (client) => moveTestClock(client, command.testClockId, { type: 'advance', to: command.frozenTime }));
}

/** Marks the clock deleted (its objects were dealt with first: deleteTestClock in the billing cycle). */
export async function markTestClockDeletedWithin(client: PoolClient, id: string): Promise<void> {
  const clock = await lockTestClock(client, id);
  if (!clock) throw DomainError.notFound('TestClock', id);
  await markTestClockDeleted(client, id);
}
