import { randomUUID } from 'node:crypto';
import { DomainError } from '@nova/domain';
import { inTransaction } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { insertTopUp, lockBalance, saveBalance } from '../accounts.repository';
import { applyBalanceChange, assertAccountAmount, formatSignedNanos, nanosPerMinorUnit, type TelecomAccountStatus, nanosToMinorUnits } from '../prepaid-balance';

export interface TopUpAccountCommand {
  accountId: string;
  /** Minor units of the account's currency. */
  amount: number;
  /** The caller's reference (receipt, voucher). */
  reference?: string;
}

export interface TopUpResult {
  id: string;
  amount: number;
  currency: string;
  balance: string;
  balanceNanos: string;
  /** Whole minor units, rounded down. */
  balanceMinor: number;
  status: TelecomAccountStatus;
}

/**
 * Credits a prepaid balance and records the top-up in one transaction, on the locked account row
 * (so rating runs meanwhile wait, and the balance stays exact): the balance rule re-arms the
 * low-balance notice once above the threshold and lifts a suspension by policy. Retries with the
 * same Idempotency-Key are answered by the API's interceptor, not credited twice.
 */
export async function topUpAccount(db: TenantDatabase, command: TopUpAccountCommand): Promise<TopUpResult> {
  assertAccountAmount('amount', command.amount, 1);
  return inTransaction(db.pool, async (client) => {
    const account = await lockBalance(client, command.accountId);
    if (!account) throw DomainError.notFound('Account', command.accountId);
    const outcome = applyBalanceChange(account, { type: 'top_up', amountNanos: BigInt(command.amount) * nanosPerMinorUnit(account.currency) });
    await saveBalance(client, account.id, outcome);
    const id = randomUUID();
    await insertTopUp(client, { id, accountId: account.id, amount: command.amount, currency: account.currency, reference: command.reference ?? null, balanceAfterNanos: outcome.balanceNanos });
    return { id, amount: command.amount, currency: account.currency, balance: formatSignedNanos(outcome.balanceNanos), balanceNanos: outcome.balanceNanos.toString(), balanceMinor: nanosToMinorUnits(outcome.balanceNanos, account.currency, 'balance'), status: outcome.status };
  });
}
