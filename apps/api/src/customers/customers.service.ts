import { toPage } from '@nova/common';
import { DomainError } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { Customer, TenantPrisma } from '@nova/tenant-db';
import { TenantDb } from '@nova/tenancy';
import { findCustomer, listCustomers } from './customer-queries';
import { CreateCustomerDto, ListCustomersQuery, UpdateCustomerDto } from './dto/customer.dto';

@Injectable()
export class CustomersService {
  constructor(private readonly db: TenantDb) {}

  async create(input: CreateCustomerDto): Promise<Customer> {
    const prisma = await this.db.client();
    return prisma.customer.create({ data: { ...input, address: input.address as TenantPrisma.InputJsonValue, metadata: (input.metadata ?? {}) as TenantPrisma.InputJsonValue } });
  }

  async list(query: ListCustomersQuery): Promise<{ data: Customer[]; nextCursor: string | null }> {
    const { pool } = await this.db.connection();
    return toPage(await listCustomers(pool, query), query.limit);
  }

  async get(id: string): Promise<Customer> {
    const { pool } = await this.db.connection();
    const customer = await findCustomer(pool, id);
    if (!customer) throw DomainError.notFound('Customer', id);
    return customer;
  }

  async update(id: string, input: UpdateCustomerDto): Promise<Customer> {
    const prisma = await this.db.client();
    await this.get(id);
    const { address, metadata, ...rest } = input;
    return prisma.customer.update({
      where: { id },
      data: { ...rest, ...(address !== undefined ? { address: address as TenantPrisma.InputJsonValue } : {}), ...(metadata !== undefined ? { metadata: metadata as TenantPrisma.InputJsonValue } : {}) },
    });
  }

  /** Customers with billing history are kept: invoices must keep pointing at their customer. */
  async remove(id: string): Promise<void> {
    const prisma = await this.db.client();
    await this.get(id);
    const [subscriptions, invoices] = await Promise.all([prisma.subscription.count({ where: { customerId: id } }), prisma.invoice.count({ where: { customerId: id } })]);
    if (subscriptions > 0 || invoices > 0) {
      throw DomainError.invalidState(`Customer ${id} has ${subscriptions} subscription(s) and ${invoices} invoice(s) and cannot be deleted`);
    }
    await prisma.customer.delete({ where: { id } });
  }
}
