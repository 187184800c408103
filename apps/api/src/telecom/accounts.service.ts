import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { inTransaction, isPgUniqueViolation } from '@nova/common';
import { currencyExponent, DomainError } from '@nova/domain';
import { formatNanos } from '@nova/rating';
import { TenantDb } from '@nova/tenancy';
import { CreateTelecomAccountDto, TelecomAccountDto, TopUpDto, TopUpResultDto } from './dto/account.dto';

const nanosPerMinorUnit = (currency: string) => 10n ** BigInt(9 - currencyExponent(currency));

interface AccountRow {
  id: string;
  subscription_id: string;
  customer_id: string;
  rate_plan_id: string;
  kind: string;
  status: string;
  currency: string;
  balance_nanos: string;
  low_balance_threshold_nanos: string;
  suspend_at_zero: boolean;
  bundle_usage: Record<string, number>;
  numbers: string[];
}

function toDto(row: AccountRow): TelecomAccountDto {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    customerId: row.customer_id,
    ratePlanId: row.rate_plan_id,
    kind: row.kind,
    status: row.status,
    currency: row.currency,
    balance: formatSignedNanos(BigInt(row.balance_nanos)),
    balanceNanos: row.balance_nanos,
    lowBalanceThreshold: (BigInt(row.low_balance_threshold_nanos) / nanosPerMinorUnit(row.currency)).toString(),
    suspendAtZero: row.suspend_at_zero,
    numbers: row.numbers,
    bundleUsage: row.bundle_usage,
  };
}

/** formatNanos takes safe integers; a balance is a bigint and may be negative (over-limit calls). */
function formatSignedNanos(nanos: bigint): string {
  const units = nanos < 0n ? -nanos : nanos;
  const whole = units / 1_000_000_000n;
  const fraction = formatNanos(Number(units % 1_000_000_000n)).replace(/^0/, '');
  return `${nanos < 0n ? '-' : ''}${whole}${fraction}`;
}

@Injectable()
export class AccountsService {
  constructor(private readonly db: TenantDb) {}

  async create(input: CreateTelecomAccountDto): Promise<TelecomAccountDto> {
    const { pool } = await this.db.connection();
    const id = randomUUID();
    await inTransaction(pool, async (client) => {
      const { rows: subs } = await client.query<{ customer_id: string; currency: string }>(
        'SELECT s.customer_id, p.currency FROM subscriptions s JOIN prices p ON p.id = s.price_id WHERE s.id = $1',
        [input.subscriptionId],
      );
      if (!subs[0]) throw DomainError.validation('subscriptionId', `subscription ${input.subscriptionId} does not exist`);
      const { rows: plans } = await client.query<{ currency: string }>('SELECT currency FROM rate_plans WHERE id = $1', [input.ratePlanId]);
      if (!plans[0]) throw DomainError.validation('ratePlanId', `rate plan ${input.ratePlanId} does not exist`);
      if (plans[0].currency !== subs[0].currency) {
        throw DomainError.validation('ratePlanId', `the rate plan is in ${plans[0].currency} but the subscription is billed in ${subs[0].currency}`);
      }
      const threshold = BigInt(input.lowBalanceThreshold ?? 0) * nanosPerMinorUnit(plans[0].currency);
      await client
        .query(
          `INSERT INTO telecom_accounts (id, subscription_id, customer_id, rate_plan_id, kind, currency, low_balance_threshold_nanos, suspend_at_zero, updated_at)
           VALUES ($1, $2, $3, $4, $5::"TelecomAccountKind", $6, $7, $8, now())`,
          [id, input.subscriptionId, subs[0].customer_id, input.ratePlanId, input.kind, plans[0].currency, threshold.toString(), input.suspendAtZero ?? false],
        )
        .catch((error: unknown) => {
          throw isPgUniqueViolation(error) ? DomainError.conflict(`subscription ${input.subscriptionId} already has a telecom account`, 'subscriptionId') : error;
        });
    });
    return this.get(id);
  }

  async get(id: string): Promise<TelecomAccountDto> {
    const { pool } = await this.db.connection();
    const { rows } = await pool.query<AccountRow>(
      `SELECT a.*, coalesce((SELECT array_agg(d.number ORDER BY d.number) FROM dids d WHERE d.account_id = a.id), '{}') AS numbers
         FROM telecom_accounts a WHERE a.id = $1`,
      [id],
    );
    if (!rows[0]) throw DomainError.notFound('Account', id);
    return toDto(rows[0]);
  }

  /**
   * Credits a prepaid balance with one relative UPDATE (exact whatever rating runs meanwhile),
   * re-arms the low-balance notice once above the threshold, and lifts a suspension by policy.
   */
  async topUp(id: string, input: TopUpDto): Promise<TopUpResultDto> {
    const { pool } = await this.db.connection();
    return inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ kind: string; currency: string; balance_nanos: string; status: string }>(
        `UPDATE telecom_accounts a
            SET balance_nanos = a.balance_nanos + $2::bigint * x.per_minor,
                low_balance_notified_at = CASE WHEN a.balance_nanos + $2::bigint * x.per_minor >= a.low_balance_threshold_nanos THEN NULL ELSE a.low_balance_notified_at END,
                status = CASE WHEN a.suspend_at_zero AND a.balance_nanos + $2::bigint * x.per_minor > 0 THEN 'active'::"TelecomAccountStatus" ELSE a.status END,
                updated_at = now()
           FROM (SELECT $3::bigint AS per_minor) x
          WHERE a.id = $1 AND a.kind = 'prepaid'
          RETURNING a.kind, a.currency, a.balance_nanos, a.status`,
        [id, input.amount, await this.nanosPerMinor(client, id)],
      ).catch((error: unknown) => {
        // 22003: the balance would leave bigint's range (it only grows this large by many top-ups).
        throw (error as { code?: string }).code === '22003' ? DomainError.validation('amount', 'would take the balance beyond the largest an account can hold') : error;
      });
      const account = rows[0];
      if (!account) throw DomainError.invalidState(`account ${id} is not a prepaid account`);
      const topUpId = randomUUID();
      await client.query(
        'INSERT INTO telecom_top_ups (id, account_id, amount, currency, reference, balance_after_nanos) VALUES ($1, $2, $3, $4, $5, $6)',
        [topUpId, id, input.amount, account.currency, input.reference ?? null, account.balance_nanos],
      );
      return { id: topUpId, amount: input.amount, currency: account.currency, balance: formatSignedNanos(BigInt(account.balance_nanos)), balanceNanos: account.balance_nanos, status: account.status };
    });
  }

  private async nanosPerMinor(client: PoolClient, id: string): Promise<string> {
    const { rows } = await client.query<{ currency: string }>('SELECT currency FROM telecom_accounts WHERE id = $1', [id]);
    if (!rows[0]) throw DomainError.notFound('Account', id);
    return nanosPerMinorUnit(rows[0].currency).toString();
  }
}
