import { KEYSET_ORDER, prismaAfterCursor, toPage } from '@nova/common';
import { DomainError } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { BillingService, cancelSubscription, createSubscription } from '@nova/billing';
import { Subscription, TenantPrisma } from '@nova/tenant-db';
import { TenantDb } from '@nova/tenancy';
import { CreateSubscriptionDto, ListSubscriptionsQuery } from './dto/subscription.dto';

@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly db: TenantDb,
    private readonly billing: BillingService,
  ) {}

  async create(input: CreateSubscriptionDto): Promise<{ subscription: Subscription; firstInvoiceId: string | null }> {
    const [{ pool, prisma }, settings] = await Promise.all([this.db.connection(), this.billing.settings()]);
    const { subscriptionId, firstInvoice } = await createSubscription(pool, settings, {
      customerId: input.customerId,
      priceId: input.priceId,
      quantity: input.quantity ?? 1,
      startAt: input.startAt ? new Date(input.startAt) : undefined,
      trialDays: input.trialDays,
      metadata: input.metadata,
    });
    return { subscription: await prisma.subscription.findUniqueOrThrow({ where: { id: subscriptionId } }), firstInvoiceId: firstInvoice?.id ?? null };
  }

  async list(query: ListSubscriptionsQuery) {
    const prisma = await this.db.client();
    const where: TenantPrisma.SubscriptionWhereInput = {
      AND: [prismaAfterCursor(query.cursor), query.customerId ? { customerId: query.customerId } : {}, query.status ? { status: query.status } : {}],
    };
    return toPage(await prisma.subscription.findMany({ where, orderBy: KEYSET_ORDER, take: query.limit + 1 }), query.limit);
  }

  async get(id: string): Promise<Subscription> {
    const prisma = await this.db.client();
    const subscription = await prisma.subscription.findUnique({ where: { id } });
    if (!subscription) throw DomainError.notFound('Subscription', id);
    return subscription;
  }

  /** The billing library's one cancel use case (dunning cancels through it too). */
  async cancel(id: string, atPeriodEnd: boolean): Promise<Subscription> {
    const { pool, prisma } = await this.db.connection();
    await cancelSubscription(pool, { subscriptionId: id, atPeriodEnd });
    return prisma.subscription.findUniqueOrThrow({ where: { id } });
  }
}
