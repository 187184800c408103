import type { PoolClient } from 'pg';
import { currencyExponent } from '@nova/domain';
import { markBilledUsage } from './cdrs.repository';

/** An invoice line for one destination's usage (the billing cycle adds it to the invoice it issues). */
export interface UsageInvoiceLine {
  description: string;
  quantity: number;
  /** Minor units of the invoice currency. */
  unitAmount: bigint;
  usage: { destination: string; calls: number; seconds: number; bundleSeconds: number };
}

/** One ended period of a postpaid subscription and the invoice its usage goes on. */
export interface UsagePeriod {
  subscriptionId: string;
  invoiceId: string;
  currency: string;
  /** Usage that started before this instant and is not billed yet is billed now. */
  periodEnd: Date;
}

const NANO_DIGITS = 9;

/** Nanos to minor units, half-up, in bigint: a period's usage may pass 2^53 nanos. */
export function nanosToMinorUnits(nanos: bigint, exponent: number): bigint {
  const divisor = 10n ** BigInt(NANO_DIGITS - exponent);
  return (nanos + divisor / 2n) / divisor;
}

const minutes = (seconds: number) => (seconds / 60).toLocaleString('en-US', { maximumFractionDigits: 2 });

/**
 * Bills the unbilled rated usage of postpaid subscriptions: one statement marks their CDRs with
 * the invoice they go on and returns the totals per invoice and destination, so a CDR is either
 * counted on this invoice and marked, or left for the next one — never both, never neither (a CDR
 * still being rated is not yet 'rated' and waits for the next invoice). Runs in the caller's
 * transaction, before the invoices are inserted.
 */
export async function billUsage(client: PoolClient, periods: readonly UsagePeriod[]): Promise<Map<string, UsageInvoiceLine[]>> {
  const lines = new Map<string, UsageInvoiceLine[]>();
  if (periods.length === 0) return lines;
  const rows = await markBilledUsage(client, periods);
  const currencyOf = new Map(periods.map((p) => [p.invoiceId, p.currency]));
  for (const row of rows) {
    const amount = nanosToMinorUnits(BigInt(row.cost_nanos), currencyExponent(currencyOf.get(row.invoice_id)!));
    const bundle = row.bundle_seconds > 0 ? `, ${minutes(row.bundle_seconds)} min from bundle` : '';
    const line: UsageInvoiceLine = {
      description: `Calls to ${row.destination}: ${row.calls} call${row.calls === 1 ? '' : 's'}, ${minutes(row.seconds)} min${bundle}`,
      quantity: 1,
      unitAmount: amount,
      usage: { destination: row.destination, calls: row.calls, seconds: row.seconds, bundleSeconds: row.bundle_seconds },
    };
    const list = lines.get(row.invoice_id);
    if (list) list.push(line);
    else lines.set(row.invoice_id, [line]);
  }
  return lines;
}
