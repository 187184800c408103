// Saved methods a subscription's invoices are charged with automatically (the newest is the
// default): saved by hand through the API here, or learnt from a settling payment (settlement.ts).
import { Injectable } from '@nestjs/common';
import { inTransaction, type Page, type PageRequest, resolveWindow, toPage } from '@nova/common';
import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { TenantDb } from '@nova/tenancy';
import { customerExists } from '../../customers';
import { type PaymentMethodRecord, deletePaymentMethod, findPaymentMethod, paymentMethodPosition, paymentMethodsOf, saveCustomerMethod } from '../payment-methods.repository';
import { ProviderAccounts } from '../provider-accounts';
import { SavedMethodSealer } from '../saved-methods';

export type { PaymentMethodRecord };

export interface SavePaymentMethodCommand {
  readonly customerId: string;
  readonly accountId: string;
  /** The provider's reusable token; sealed before it is stored. */
  readonly token: string;
  readonly providerCustomerId?: string;
}

/** A customer id of another tenant (or none) is a 404, like every other id. */
async function requireCustomer(db: TenantDatabase, customerId: string): Promise<void> {
  if (!(await customerExists(db.pool, customerId))) throw DomainError.notFound('Customer', customerId);
}

/** Saves the method as the customer's default; the same token again keeps its row. */
@Injectable()
export class SavePaymentMethod {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
    private readonly sealer: SavedMethodSealer,
  ) {}

  async execute(command: SavePaymentMethodCommand): Promise<PaymentMethodRecord> {
    const db = await this.db.connection();
    await requireCustomer(db, command.customerId);
    const account = await this.accounts.find(command.accountId);
    if (!account?.account.active) throw DomainError.validation('accountId', 'must name an active payment provider account');
    if (account.account.provider === 'mpesa') throw DomainError.validation('accountId', 'M-Pesa has no saved payment methods');
    const sealed = this.sealer.seal(command.accountId, { token: command.token, customerId: command.providerCustomerId });
    const saved = await inTransaction(db.pool, (client) => saveCustomerMethod(client, command.customerId, command.accountId, sealed));
    return (await findPaymentMethod(db.pool, saved.id))!;
  }
}

/** The customer's saved methods, newest (the default) first, one keyset page at a time; 404 for an unknown customer. */
export async function listPaymentMethods(db: TenantDatabase, customerId: string, request: PageRequest): Promise<Page<PaymentMethodRecord>> {
  await requireCustomer(db, customerId);
  const window = await resolveWindow(request, (id) => paymentMethodPosition(db.pool, customerId, id));
  return toPage(await paymentMethodsOf(db.pool, customerId, window), request.limit, undefined, window);
}

export async function removePaymentMethod(db: TenantDatabase, command: { customerId: string; paymentMethodId: string }): Promise<void> {
  if (!(await deletePaymentMethod(db.pool, command.customerId, command.paymentMethodId))) throw DomainError.notFound('Payment method', command.paymentMethodId);
}
