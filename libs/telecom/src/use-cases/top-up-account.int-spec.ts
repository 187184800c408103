import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '@nova/domain';
import type { MigratedTenantDb } from '../../../../test/support/migrated-tenant-db';
import { MAX_ACCOUNT_AMOUNT_MINOR } from '../prepaid-balance';
import { accountWithNumber, kenyaPlan, telecomTestDb } from '../testing/telecom-fixtures';
import { createRatePlan } from './create-rate-plan';
import { topUpAccount } from './top-up-account';

const KES = 10_000_000n; // nanos per minor unit (cent)

describe('topUpAccount (real tenant database)', () => {
  let t: MigratedTenantDb;
  let planId: string;
  beforeAll(async () => {
    t = await telecomTestDb('telecom_top_up');
    planId = (await createRatePlan(t.db, kenyaPlan())).id;
  });
  afterAll(() => t.drop());

  const account = async (id: string) =>
    (await t.pool.query<{ balance_nanos: string; status: string; notified: boolean }>('SELECT balance_nanos, status, low_balance_notified_at IS NOT NULL AS notified FROM telecom_accounts WHERE id = $1', [id])).rows[0]!;
  const topUps = async (id: string) =>
    (await t.pool.query<{ amount: string; reference: string | null; balance_after_nanos: string }>('SELECT amount, reference, balance_after_nanos FROM telecom_top_ups WHERE account_id = $1 ORDER BY balance_after_nanos', [id])).rows;

  it('credits the balance and records the top-up with the balance it left', async () => {
    const { accountId } = await accountWithNumber(t.db, planId, { kind: 'prepaid' });
    const result = await topUpAccount(t.db, { accountId, amount: 2_000_00, reference: 'voucher-1' });
    expect(result).toMatchObject({ amount: 2_000_00, currency: 'KES', balance: '2000', balanceNanos: (2_000_00n * KES).toString(), balanceMinor: 2_000_00, status: 'active' });
    expect((await account(accountId)).balance_nanos).toBe((2_000_00n * KES).toString());
    expect(await topUps(accountId)).toEqual([{ amount: '200000', reference: 'voucher-1', balance_after_nanos: (2_000_00n * KES).toString() }]);
  });

  it('writes the balance and the top-up row in one transaction: a failed insert leaves the balance as it was', async () => {
    const { accountId } = await accountWithNumber(t.db, planId, { kind: 'prepaid' });
    await topUpAccount(t.db, { accountId, amount: 100 });
    // PostgreSQL refuses a NUL character in text: the top-up row's INSERT fails after the balance UPDATE.
    await expect(topUpAccount(t.db, { accountId, amount: 500, reference: 'voucher\u0000' })).rejects.toMatchObject({ code: '22021' });
    expect((await account(accountId)).balance_nanos).toBe((100n * KES).toString());
    expect(await topUps(accountId)).toHaveLength(1);
  });

  it('stays exact under concurrent top-ups: each row records the balance after it, in sequence', async () => {
    const { accountId } = await accountWithNumber(t.db, planId, { kind: 'prepaid' });
    await Promise.all([1, 2, 3, 4, 5].map(() => topUpAccount(t.db, { accountId, amount: 100 })));
    expect((await account(accountId)).balance_nanos).toBe((500n * KES).toString());
    expect((await topUps(accountId)).map((row) => BigInt(row.balance_after_nanos) / KES)).toEqual([100n, 200n, 300n, 400n, 500n]);
  });

  it('lifts a suspension at zero once the balance is above zero, and re-arms the low-balance notice above the threshold', async () => {
    const { accountId } = await accountWithNumber(t.db, planId, { kind: 'prepaid', suspendAtZero: true, lowBalanceThreshold: 1_000 });
    await t.pool.query(`UPDATE telecom_accounts SET status = 'suspended', balance_nanos = $2, low_balance_notified_at = now() WHERE id = $1`, [accountId, (-300n * KES).toString()]);
    expect(await topUpAccount(t.db, { accountId, amount: 200 })).toMatchObject({ status: 'suspended', balance: '-1' });
    expect(await topUpAccount(t.db, { accountId, amount: 200 })).toMatchObject({ status: 'active', balance: '1' });
    expect(await account(accountId)).toMatchObject({ status: 'active', notified: true });
    await topUpAccount(t.db, { accountId, amount: 1_000 });
    expect(await account(accountId)).toMatchObject({ status: 'active', notified: false });
  });

  it('refuses a postpaid account (409) and an unknown one (404), writing nothing', async () => {
    const { accountId } = await accountWithNumber(t.db, planId, { kind: 'postpaid' });
    await expect(topUpAccount(t.db, { accountId, amount: 100 })).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    expect(await topUps(accountId)).toEqual([]);
    expect((await account(accountId)).balance_nanos).toBe('0');
    await expect(topUpAccount(t.db, { accountId: randomUUID(), amount: 100 })).rejects.toMatchObject({ code: ErrorCode.NotFound, constructor: DomainError });
  });

  it('refuses a top-up past the amount limit or one that would take the balance past what the column holds', async () => {
    const { accountId } = await accountWithNumber(t.db, planId, { kind: 'prepaid' });
    await t.pool.query('UPDATE telecom_accounts SET balance_nanos = $2 WHERE id = $1', [accountId, (2n ** 63n - 1n - 50n * KES).toString()]);
    await expect(topUpAccount(t.db, { accountId, amount: 100 })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'amount' }] } });
    for (const amount of [0, 1.5, MAX_ACCOUNT_AMOUNT_MINOR + 1]) {
      await expect(topUpAccount(t.db, { accountId, amount })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'amount' }] } });
    }
    expect(await topUps(accountId)).toEqual([]);
  });
});
