// Test clocks (Stripe's, test mode only): create, read, list, and the moves of an advance. Every
// status change asks the clock's machine in libs/domain (transitionTestClock) under a row lock.
// The advance itself (billing each boundary crossed) is the billing cycle's: advance-test-clock.ts.
import { Page, type PageRequest, inTransaction, resolveWindow, toPage } from '@nova/common';
import { DomainError, TEST_CLOCK_NAME_MAX_LENGTH, type TestClockEvent, testClockStartProblem, transitionTestClock } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import type { PoolClient } from 'pg';
import { recordEvent } from '@nova/events';
import { releaseAllowance } from '../../platform-usage';
import { customerResource } from '../customer-resource';
import { deleteTaxIdsOfCustomers } from '../customer-tax-ids.repository';
import { deleteCustomerRows } from '../customers.repository';
import { TestClockRecord, deleteTestClockRow, findTestClock, insertTestClock, lockTestClock, saveTestClockState, selectClockCustomerIds, selectTestClockPage, testClockPosition } from '../test-clocks.repository';

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

/**
 * The first move of a clock's deletion (deleteTestClock in the billing cycle): locks the clock in the
 * caller's transaction (an unknown one is a 404) and answers its customers' ids.
 */
export async function lockTestClockForDeletion(client: PoolClient, id: string): Promise<{ clock: TestClockRecord; customerIds: string[] }> {
  const clock = await lockTestClock(client, id);
  if (!clock) throw DomainError.notFound('TestClock', id);
  return { clock, customerIds: await selectClockCustomerIds(client, id) };
}

/**
 * The last move of a clock's deletion, once everything pointing at its customers is gone: their tax
 * ids, the customers (each announced `customer.deleted`, its place in the plan's customers limit
 * freed), then the clock row.
 */
export async function deleteTestClockCustomersWithin(client: PoolClient, id: string, customerIds: readonly string[]): Promise<void> {
  await deleteTaxIdsOfCustomers(client, customerIds);
  const deleted = await deleteCustomerRows(client, customerIds);
  if (deleted.length > 0) await releaseAllowance(client, 'customers', deleted.length);
  for (const customer of deleted) await recordEvent(client, { type: 'customer.deleted', object: customerResource(customer) });
  await deleteTestClockRow(client, id);
}
