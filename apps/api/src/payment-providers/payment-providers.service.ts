import { DomainError } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { ProviderAccounts, callProvider } from '@nova/billing';
import { CredentialsCipher, type CredentialCheck, ProviderConfigError, createPaymentProvider, maskSecret } from '@nova/payments';
import { PaymentProviderAccount, PaymentProviderDefault, TenantPrisma } from '@nova/tenant-db';
import { TenantDb } from '@nova/tenancy';
import { CreatePaymentProviderDto, PaymentProviderDto, UpdatePaymentProviderDto } from './dto/payment-provider.dto';

type AccountWithDefaults = PaymentProviderAccount & { defaults: PaymentProviderDefault[] };

/** Providers whose webhooks are signed with a secret configured separately from the API key. */
const NEEDS_WEBHOOK_SECRET = new Set(['stripe', 'razorpay', 'flutterwave']);

@Injectable()
export class PaymentProvidersService {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
    private readonly cipher: CredentialsCipher,
  ) {}

  async create(input: CreatePaymentProviderDto): Promise<PaymentProviderDto> {
    const id = randomUUID();
    const webhookSecret = webhookSecretFor(input.provider, input.webhookSecret);
    validateCredentials(input.provider, input.credentials, webhookSecret);
    const context = this.accounts.cipherContext(id);
    const prisma = await this.db.client();
    const account = await prisma.$transaction(async (tx) => {
      await tx.paymentProviderAccount.create({
        data: {
          id,
          provider: input.provider,
          name: input.name ?? input.provider,
          encryptedCredentials: this.cipher.encryptJson(input.credentials, context),
          encryptedWebhookSecret: webhookSecret === undefined ? null : this.cipher.encryptJson(webhookSecret, context),
          credentialHints: credentialHints(input.credentials),
        },
      });
      await setDefaults(tx, id, input.defaultForCurrencies);
      return tx.paymentProviderAccount.findUniqueOrThrow({ where: { id }, include: { defaults: true } });
    });
    return this.toDto(account, webhookSecret);
  }

  async list(): Promise<PaymentProviderDto[]> {
    const prisma = await this.db.client();
    const accounts = await prisma.paymentProviderAccount.findMany({ include: { defaults: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return accounts.map((account) => this.toDto(account));
  }

  async get(id: string): Promise<PaymentProviderDto> {
    return this.toDto(await this.find(id));
  }

  async update(id: string, input: UpdatePaymentProviderDto): Promise<PaymentProviderDto> {
    const existing = await this.find(id);
    const context = this.accounts.cipherContext(id);
    const webhookSecret = input.webhookSecret === undefined ? undefined : webhookSecretFor(existing.provider, input.webhookSecret);
    const data: TenantPrisma.PaymentProviderAccountUpdateInput = { name: input.name, active: input.active };
    if (input.credentials) {
      validateCredentials(existing.provider, input.credentials, webhookSecret ?? 'unchanged');
      data.encryptedCredentials = this.cipher.encryptJson(input.credentials, context);
      data.credentialHints = credentialHints(input.credentials);
    } else if (this.cipher.needsRotation(existing.encryptedCredentials)) {
      // Any edit re-seals secrets still under a retired key (ENCRYPTION_PREVIOUS_KEYS).
      data.encryptedCredentials = this.cipher.rotate(existing.encryptedCredentials, context);
    }
    if (webhookSecret !== undefined) data.encryptedWebhookSecret = this.cipher.encryptJson(webhookSecret, context);
    else if (existing.encryptedWebhookSecret && this.cipher.needsRotation(existing.encryptedWebhookSecret)) {
      data.encryptedWebhookSecret = this.cipher.rotate(existing.encryptedWebhookSecret, context);
    }
    const prisma = await this.db.client();
    const account = await prisma.$transaction(async (tx) => {
      await tx.paymentProviderAccount.update({ where: { id }, data });
      if (input.defaultForCurrencies) {
        await tx.paymentProviderDefault.deleteMany({ where: { accountId: id, currency: { notIn: input.defaultForCurrencies } } });
        await setDefaults(tx, id, input.defaultForCurrencies);
      }
      if (input.active === false) await tx.paymentProviderDefault.deleteMany({ where: { accountId: id } });
      return tx.paymentProviderAccount.findUniqueOrThrow({ where: { id }, include: { defaults: true } });
    });
    this.accounts.invalidate(id);
    return this.toDto(account, webhookSecret);
  }

  /** Deletes an unused account; one with payments or webhook history can only be deactivated. */
  async remove(id: string): Promise<void> {
    await this.find(id);
    const prisma = await this.db.client();
    const [payments, events] = await Promise.all([prisma.payment.count({ where: { providerAccountId: id } }), prisma.webhookEvent.count({ where: { accountId: id } })]);
    if (payments + events > 0) throw DomainError.invalidState(`Payment provider account ${id} has payment history; deactivate it instead (PATCH { "active": false })`);
    await prisma.paymentProviderAccount.delete({ where: { id } });
    this.accounts.invalidate(id);
  }

  async test(id: string): Promise<CredentialCheck> {
    await this.find(id);
    const { adapter } = await this.accounts.get(id);
    return callProvider(() => adapter.testCredentials());
  }

  private async find(id: string): Promise<AccountWithDefaults> {
    const prisma = await this.db.client();
    const account = await prisma.paymentProviderAccount.findUnique({ where: { id }, include: { defaults: true } });
    if (!account) throw DomainError.notFound('Payment provider account', id);
    return account;
  }

  private toDto(account: AccountWithDefaults, webhookSecret?: string | string[]): PaymentProviderDto {
    const hint = webhookSecret === undefined ? (account.encryptedWebhookSecret ? this.webhookSecretHint(account) : null) : hintOf(webhookSecret);
    return {
      id: account.id,
      provider: account.provider,
      name: account.name,
      active: account.active,
      credentialHints: account.credentialHints as Record<string, string>,
      webhookSecretHint: hint,
      webhookUrl: this.accounts.webhookUrl(account.provider, account.id),
      defaultForCurrencies: account.defaults.map((item) => item.currency).sort(),
      createdAt: account.createdAt,
      updatedAt: account.updatedAt,
    };
  }

  private webhookSecretHint(account: PaymentProviderAccount): string | null {
    const secret = this.cipher.decryptJson(account.encryptedWebhookSecret!, this.accounts.cipherContext(account.id));
    return typeof secret === 'string' || Array.isArray(secret) ? hintOf(secret as string | string[]) : null;
  }
}

function hintOf(secret: string | string[]): string {
  return (typeof secret === 'string' ? [secret] : secret).map(maskSecret).join(', ');
}

function credentialHints(credentials: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(credentials).filter(([, value]) => typeof value === 'string').map(([field, value]) => [field, maskSecret(value as string)]));
}

function webhookSecretFor(provider: string, secret: string | string[] | undefined): string | string[] | undefined {
  if (secret !== undefined) {
    const list = typeof secret === 'string' ? [secret] : secret;
    if (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== 'string' || item.trim() === '' || item.length > 500)) {
      throw DomainError.validation('webhookSecret', 'must be a non-empty string or a list of them');
    }
    return secret;
  }
  // M-Pesa signs nothing: a random token in the callback path authenticates its callbacks.
  if (provider === 'mpesa') return randomBytes(24).toString('base64url');
  if (NEEDS_WEBHOOK_SECRET.has(provider)) throw DomainError.validation('webhookSecret', `is required for ${provider} (the signing secret from its dashboard)`);
  return undefined;
}

function validateCredentials(provider: string, credentials: Record<string, unknown>, webhookSecret: string | string[] | undefined): void {
  try {
    createPaymentProvider(provider, credentials, { webhookSecret });
  } catch (error) {
    if (error instanceof ProviderConfigError) throw DomainError.validation(error.setting, error.message.slice(`${provider} ${error.setting}: `.length));
    throw error;
  }
}

async function setDefaults(tx: TenantPrisma.TransactionClient, accountId: string, currencies: string[] | undefined): Promise<void> {
  for (const currency of new Set(currencies ?? [])) {
    await tx.paymentProviderDefault.upsert({ where: { currency }, create: { currency, accountId }, update: { accountId } });
  }
}
