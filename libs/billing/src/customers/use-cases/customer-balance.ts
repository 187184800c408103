// A customer's credit balance: what other contexts record in it (credit notes, overpayments,
// proration credits, credit applied to invoices) and what a tenant does by hand (an adjustment
// with a reason). Every movement goes through recordBalanceTransaction, so the rule that credit
// never goes negative and the ledger's running balance are kept in one place.
import type { PoolClient } from 'pg';
import { inTransaction, Page, resolveWindow, toPage, type PageRequest } from '@nova/common';
import { BALANCE_REASON_MAX_LENGTH, balanceAfter, creditAtFinalization, MAX_BALANCE_ADJUSTMENT_MINOR, DomainError, isCurrencyCode, metadataProblem } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import {
  appendBalanceTransaction,
  appendBalanceTransactions,
  balanceKey,
  BalanceTransactionRecord,
  balanceTransactionPosition,
  CustomerBalanceRecord,
  lockCustomerBalance,
  lockCustomerBalances,
  NewBalanceTransaction,
  overpaymentCreditOf,
  selectBalanceTransactionPage,
  selectCustomerBalances,
} from '../customer-balance.repository';
import { customerExists } from '../customers.repository';

export type { BalanceTransactionRecord, CustomerBalanceRecord, NewBalanceTransaction };

/**
 * Moves the customer's credit in the entry's currency by `entry.amount`, inside the caller's
 * transaction (the change that causes it — a credit note, a payment, an invoice — commits with it
 * or not at all). Locks the balance row until that transaction ends. Refuses, naming `field`, to
 * take more credit than the customer holds.
 */
export async function recordBalanceTransaction(client: PoolClient, entry: NewBalanceTransaction, field = 'amount'): Promise<BalanceTransactionRecord> {
  const balance = await lockCustomerBalance(client, entry.customerId, entry.currency);
  return appendBalanceTransaction(client, entry, balanceAfter(balance, entry.amount, field));
}

/** The customer's credit in `currency`, locked for the caller's transaction (0 if it never held any). */
export function lockCreditBalance(client: PoolClient, customerId: string, currency: string): Promise<bigint> {
  return lockCustomerBalance(client, customerId, currency);
}

/** A newly finalized invoice (already inserted, so movements may name it), with its total. */
export interface FinalizedInvoiceTotal {
  invoiceId: string;
  customerId: string;
  currency: string;
  total: bigint;
}

/**
 * Settles a batch of newly finalized invoices with their customers' credit (creditAtFinalization:
 * credit taken up to the total, a negative total credited), inside the caller's transaction.
 * Set-based for the billing run: one statement locks every balance involved that holds credit;
 * when nobody has credit and no total is negative, that is all it does. Movements
 * (applied_to_invoice, invoice_surplus) follow the batch's order. Returns the credit applied per
 * invoice id, only where it is not zero.
 */
export async function settleFinalizedInvoicesWithCredit(client: PoolClient, invoices: FinalizedInvoiceTotal[]): Promise<Map<string, bigint>> {
  const keys = new Map<string, { customerId: string; currency: string; ensureRow: boolean }>();
  for (const invoice of invoices) {
    const key = balanceKey(invoice.customerId, invoice.currency);
    const known = keys.get(key);
    const ensureRow = invoice.total < 0n || (known?.ensureRow ?? false);
    keys.set(key, { customerId: invoice.customerId, currency: invoice.currency, ensureRow });
  }
  const applied = new Map<string, bigint>();
  if (keys.size === 0) return applied;
  const balances = await lockCustomerBalances(client, [...keys.values()]);
  if (balances.size === 0) return applied;

  const movements: Array<NewBalanceTransaction & { endingBalance: bigint }> = [];
  for (const invoice of invoices) {
    const key = balanceKey(invoice.customerId, invoice.currency);
    const balance = balances.get(key);
    if (balance === undefined) continue;
    const settled = creditAtFinalization(balance, invoice.total);
    if (settled.creditApplied === 0n) continue;
    balances.set(key, settled.balanceAfter);
    applied.set(invoice.invoiceId, settled.creditApplied);
    movements.push({
      customerId: invoice.customerId,
      currency: invoice.currency,
      amount: -settled.creditApplied,
      endingBalance: settled.balanceAfter,
      type: settled.creditApplied > 0n ? 'applied_to_invoice' : 'invoice_surplus',
      invoiceId: invoice.invoiceId,
    });
  }
  await appendBalanceTransactions(client, movements);
  return applied;
}

/**
 * A refund gave back money a payment had left as credit (an overpayment): the credit goes, up to
 * what that payment still stands behind and what the customer still holds (credit already spent
 * on invoices stays spent). A negative `overpayment` movement, inside the caller's transaction;
 * returns how much was taken back.
 */
export async function takeBackRefundedOverpayment(client: PoolClient, refund: { customerId: string; currency: string; paymentId: string; amount: bigint }): Promise<bigint> {
  const balance = await lockCustomerBalance(client, refund.customerId, refund.currency);
  const standing = await overpaymentCreditOf(client, refund.paymentId);
  const take = [refund.amount, standing, balance].reduce((least, value) => (value < least ? value : least));
  if (take <= 0n) return 0n;
  await appendBalanceTransaction(
    client,
    { customerId: refund.customerId, currency: refund.currency, amount: -take, type: 'overpayment', paymentId: refund.paymentId, reason: 'refunded to the payer' },
    balance - take,
  );
  return take;
}

export interface AdjustCustomerBalanceCommand {
  customerId: string;
  currency: string;
  /** Minor units: positive grants credit, negative takes it back. */
  amount: bigint;
  reason: string;
  metadata?: Record<string, unknown>;
}

/** A manual adjustment of a customer's credit (goodwill, a correction): it always says why. */
export async function adjustCustomerBalance(db: TenantDatabase, command: AdjustCustomerBalanceCommand): Promise<BalanceTransactionRecord> {
  const reason = command.reason?.trim() ?? '';
  if (!reason) throw DomainError.validation('reason', 'must say why the balance is adjusted');
  if (reason.length > BALANCE_REASON_MAX_LENGTH) throw DomainError.validation('reason', `must be at most ${BALANCE_REASON_MAX_LENGTH} characters`);
  if (command.amount > BigInt(MAX_BALANCE_ADJUSTMENT_MINOR) || command.amount < -BigInt(MAX_BALANCE_ADJUSTMENT_MINOR)) {
    throw DomainError.validation('amount', `must be at most ${MAX_BALANCE_ADJUSTMENT_MINOR} minor units either way`);
  }
  if (!isCurrencyCode(command.currency)) throw DomainError.validation('currency', 'must be an ISO 4217 currency code');
  const metadataError = command.metadata === undefined ? null : metadataProblem(command.metadata);
  if (metadataError) throw DomainError.validation('metadata', metadataError);
  return inTransaction(db.pool, async (client) => {
    if (!(await customerExists(client, command.customerId))) throw DomainError.notFound('Customer', command.customerId);
    return recordBalanceTransaction(client, { ...command, reason, type: 'adjustment' });
  });
}

/** What the customer holds now, per currency it ever held credit in. */
export async function getCustomerBalances(db: TenantDatabase, customerId: string): Promise<CustomerBalanceRecord[]> {
  if (!(await customerExists(db.pool, customerId))) throw DomainError.notFound('Customer', customerId);
  return selectCustomerBalances(db.pool, customerId);
}

/** The customer's ledger, newest first, one keyset page at a time. */
export async function listBalanceTransactions(db: TenantDatabase, customerId: string, page: PageRequest): Promise<Page<BalanceTransactionRecord>> {
  if (!(await customerExists(db.pool, customerId))) throw DomainError.notFound('Customer', customerId);
  const window = await resolveWindow(page, (id) => balanceTransactionPosition(db.pool, customerId, id));
  return toPage(await selectBalanceTransactionPage(db.pool, customerId, window), page.limit, undefined, window);
}
