import { DomainError } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { Product, TenantPrisma } from '@nova/tenant-db';
import { TenantDb } from '@nova/tenancy';
import { CreateProductDto, UpdateProductDto } from './dto/product.dto';

@Injectable()
export class ProductsService {
  constructor(private readonly db: TenantDb) {}

  async create(input: CreateProductDto): Promise<Product> {
    const prisma = await this.db.client();
    return prisma.product.create({ data: { ...input, metadata: (input.metadata ?? {}) as TenantPrisma.InputJsonValue } });
  }

  async list(): Promise<Product[]> {
    const prisma = await this.db.client();
    return prisma.product.findMany({ orderBy: { createdAt: 'desc' } });
  }

  async get(id: string): Promise<Product> {
    const prisma = await this.db.client();
    const product = await prisma.product.findUnique({ where: { id } });
    if (!product) throw DomainError.notFound('Product', id);
    return product;
  }

  async update(id: string, input: UpdateProductDto): Promise<Product> {
    await this.get(id);
    const prisma = await this.db.client();
    const { metadata, ...rest } = input;
    return prisma.product.update({ where: { id }, data: { ...rest, ...(metadata ? { metadata: metadata as TenantPrisma.InputJsonValue } : {}) } });
  }

  /** Products with plans are archived (active=false), not deleted: plans and invoices refer to them. */
  async remove(id: string): Promise<void> {
    await this.get(id);
    const prisma = await this.db.client();
    if ((await prisma.plan.count({ where: { productId: id } })) > 0) throw DomainError.invalidState(`Product ${id} has plans; set active=false instead`);
    await prisma.product.delete({ where: { id } });
  }
}
