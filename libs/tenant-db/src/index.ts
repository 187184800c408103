export { PrismaClient as TenantPrismaClient, Prisma as TenantPrisma } from './generated/client';
export type { Customer, Product, Plan, Price, Subscription, Invoice, InvoiceLine, Payment } from './generated/client';
export { PriceInterval, SubscriptionStatus, InvoiceStatus, PaymentStatus } from './generated/client';
