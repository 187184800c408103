// A tenant's own payment provider accounts: connect, list, change, remove, test. Credentials and
// webhook secrets are sealed with the account's cipher context before they are stored.
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Page, type PageRequest, inTransaction, resolveWindow, toPage } from '@nova/common';
import { DomainError } from '@nova/domain';
import { type CredentialCheck, CredentialsCipher } from '@nova/payments';
import { TenantDb } from '@nova/tenancy';
import { accountHasPayments } from '../payments.repository';
import { ProviderAccounts } from '../provider-accounts';
import { callProvider } from '../provider-errors';
import {
  type ProviderAccountChange,
  type ProviderAccountRecord,
  clearDefaultCurrencies,
  deleteProviderAccount,
  findProviderAccount,
  insertProviderAccount,
  listProviderAccounts,
  providerAccountPosition,
  setDefaultCurrencies,
  updateProviderAccount,
} from '../provider-accounts.repository';
import { accountHasWebhookEvents } from '../webhook-events.repository';
import { type ProviderAccountView, ProviderAccountViews, type WebhookSecret, credentialHints, validateCredentials, webhookSecretFor } from './provider-account-view';

export type { ProviderAccountView };

export interface ConnectProviderAccountCommand {
  readonly provider: string;
  readonly name?: string;
  readonly credentials: Record<string, unknown>;
  readonly webhookSecret?: WebhookSecret;
  /** Make this account the default collector for these currencies. */
  readonly defaultForCurrencies?: string[];
}

export interface UpdateProviderAccountCommand {
  readonly accountId: string;
  readonly name?: string;
  readonly credentials?: Record<string, unknown>;
  readonly webhookSecret?: WebhookSecret;
  readonly active?: boolean;
  /** Replaces the currencies this account is the default for. */
  readonly defaultForCurrencies?: string[];
}

async function requireAccount(db: TenantDb, accountId: string): Promise<ProviderAccountRecord> {
  const { pool } = await db.connection();
  const account = await findProviderAccount(pool, accountId);
  if (!account) throw DomainError.notFound('Payment provider account', accountId);
  return account;
}

@Injectable()
export class ConnectProviderAccount {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
    private readonly cipher: CredentialsCipher,
    private readonly views: ProviderAccountViews,
  ) {}

  async execute(command: ConnectProviderAccountCommand): Promise<ProviderAccountView> {
    const id = randomUUID();
    const webhookSecret = webhookSecretFor(command.provider, command.webhookSecret);
    validateCredentials(command.provider, command.credentials, webhookSecret);
    const context = this.accounts.cipherContext(id);
    const { pool } = await this.db.connection();
    await inTransaction(pool, async (client) => {
      await insertProviderAccount(client, {
        id,
        provider: command.provider,
        name: command.name ?? command.provider,
        encryptedCredentials: this.cipher.encryptJson(command.credentials, context),
        encryptedWebhookSecret: webhookSecret === undefined ? null : this.cipher.encryptJson(webhookSecret, context),
        credentialHints: credentialHints(command.credentials),
      });
      await setDefaultCurrencies(client, id, command.defaultForCurrencies ?? []);
    });
    return this.views.toView(await requireAccount(this.db, id), webhookSecret);
  }
}

@Injectable()
export class ListProviderAccounts {
  constructor(
    private readonly db: TenantDb,
    private readonly views: ProviderAccountViews,
  ) {}

  /** Newest first, one keyset page at a time. */
  async execute(request: PageRequest): Promise<Page<ProviderAccountView>> {
    const { pool } = await this.db.connection();
    const window = await resolveWindow(request, (id) => providerAccountPosition(pool, id));
    const page = toPage(await listProviderAccounts(pool, window), request.limit, undefined, window);
    return { ...page, data: page.data.map((account) => this.views.toView(account)) };
  }
}

@Injectable()
export class GetProviderAccount {
  constructor(
    private readonly db: TenantDb,
    private readonly views: ProviderAccountViews,
  ) {}

  async execute(accountId: string): Promise<ProviderAccountView> {
    return this.views.toView(await requireAccount(this.db, accountId));
  }
}

@Injectable()
export class UpdateProviderAccount {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
    private readonly cipher: CredentialsCipher,
    private readonly views: ProviderAccountViews,
  ) {}

  async execute(command: UpdateProviderAccountCommand): Promise<ProviderAccountView> {
    const id = command.accountId;
    const existing = await requireAccount(this.db, id);
    const context = this.accounts.cipherContext(id);
    const webhookSecret = command.webhookSecret === undefined ? undefined : webhookSecretFor(existing.provider, command.webhookSecret);
    const change: ProviderAccountChange = { name: command.name, active: command.active };
    if (command.credentials) {
      validateCredentials(existing.provider, command.credentials, webhookSecret ?? 'unchanged');
      change.encryptedCredentials = this.cipher.encryptJson(command.credentials, context);
      change.credentialHints = credentialHints(command.credentials);
    } else if (this.cipher.needsRotation(existing.encryptedCredentials)) {
      // Any edit re-seals secrets still under a retired key (ENCRYPTION_PREVIOUS_KEYS).
      change.encryptedCredentials = this.cipher.rotate(existing.encryptedCredentials, context);
    }
    if (webhookSecret !== undefined) change.encryptedWebhookSecret = this.cipher.encryptJson(webhookSecret, context);
    else if (existing.encryptedWebhookSecret && this.cipher.needsRotation(existing.encryptedWebhookSecret)) {
      change.encryptedWebhookSecret = this.cipher.rotate(existing.encryptedWebhookSecret, context);
    }
    const { pool } = await this.db.connection();
    await inTransaction(pool, async (client) => {
      await updateProviderAccount(client, id, change);
      if (command.defaultForCurrencies) {
        await clearDefaultCurrencies(client, id, command.defaultForCurrencies);
        await setDefaultCurrencies(client, id, command.defaultForCurrencies);
      }
      // A deactivated account collects nothing: it stops being anyone's default.
      if (command.active === false) await clearDefaultCurrencies(client, id);
    });
    this.accounts.invalidate(id);
    return this.views.toView(await requireAccount(this.db, id), webhookSecret);
  }
}

/** Deletes an unused account; one with payments or webhook history can only be deactivated. */
@Injectable()
export class RemoveProviderAccount {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
  ) {}

  async execute(accountId: string): Promise<void> {
    await requireAccount(this.db, accountId);
    const { pool } = await this.db.connection();
    const [payments, events] = await Promise.all([accountHasPayments(pool, accountId), accountHasWebhookEvents(pool, accountId)]);
    if (payments || events) throw DomainError.invalidState(`Payment provider account ${accountId} has payment history; deactivate it instead (PATCH { "active": false })`);
    await deleteProviderAccount(pool, accountId);
    this.accounts.invalidate(accountId);
  }
}

/** A cheap authenticated call to the provider with the stored credentials. */
@Injectable()
export class TestProviderAccount {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
  ) {}

  async execute(accountId: string): Promise<CredentialCheck> {
    await requireAccount(this.db, accountId);
    const { adapter } = await this.accounts.get(accountId);
    return callProvider(() => adapter.testCredentials());
  }
}
