import { Injectable } from '@nestjs/common';
import { Plan, Price, TenantPrisma } from '@nova/tenant-db';
import { TenantDb } from '@nova/tenancy';
import { intervalCountProblem, DomainError } from '@nova/domain';
import { CreatePlanDto, CreatePriceDto, UpdatePlanDto } from './dto/plan.dto';


@Injectable()
export class PlansService {
  constructor(private readonly db: TenantDb) {}

  async create(input: CreatePlanDto): Promise<Plan> {
    const prisma = await this.db.client();
    if (input.productId && !(await prisma.product.findUnique({ where: { id: input.productId } }))) throw DomainError.validation('productId', 'no such product');
    return prisma.plan.create({ data: { ...input, metadata: (input.metadata ?? {}) as TenantPrisma.InputJsonValue } });
  }

  async list(): Promise<(Plan & { prices: Price[] })[]> {
    const prisma = await this.db.client();
    return prisma.plan.findMany({ orderBy: { createdAt: 'desc' }, include: { prices: { orderBy: { createdAt: 'asc' } } } });
  }

  async get(id: string): Promise<Plan & { prices: Price[] }> {
    const prisma = await this.db.client();
    const plan = await prisma.plan.findUnique({ where: { id }, include: { prices: { orderBy: { createdAt: 'asc' } } } });
    if (!plan) throw DomainError.notFound('Plan', id);
    return plan;
  }

  async update(id: string, input: UpdatePlanDto): Promise<Plan> {
    await this.get(id);
    const prisma = await this.db.client();
    const { metadata, ...rest } = input;
    return prisma.plan.update({ where: { id }, data: { ...rest, ...(metadata ? { metadata: metadata as TenantPrisma.InputJsonValue } : {}) } });
  }

  /** Plans that were ever subscribed to are archived (active=false), never deleted. */
  async remove(id: string): Promise<void> {
    await this.get(id);
    const prisma = await this.db.client();
    const subscribed = await prisma.subscription.count({ where: { price: { planId: id } } });
    if (subscribed > 0) throw DomainError.invalidState(`Plan ${id} has subscriptions; set active=false to stop selling it`);
    await prisma.$transaction([prisma.price.deleteMany({ where: { planId: id } }), prisma.plan.delete({ where: { id } })]);
  }

  async addPrice(planId: string, input: CreatePriceDto): Promise<Price> {
    await this.get(planId);
    const intervalCount = input.intervalCount ?? 1;
    const problem = intervalCountProblem(input.interval, intervalCount);
    if (problem) throw DomainError.validation('intervalCount', problem);
    const prisma = await this.db.client();
    return prisma.price.create({ data: { planId, currency: input.currency, unitAmount: BigInt(input.unitAmount), interval: input.interval, intervalCount, nickname: input.nickname } });
  }

  async prices(planId: string): Promise<Price[]> {
    return (await this.get(planId)).prices;
  }
}
