export { PrismaClient as TenantPrismaClient, Prisma as TenantPrisma } from './generated/client';
export type { Customer, Product, Plan, Price, Subscription, Invoice, InvoiceLine, Payment } from './generated/client';
export { PriceInterval, SubscriptionStatus, InvoiceStatus, PaymentStatus } from './generated/client';
// payments:
export type { PaymentProviderAccount, PaymentProviderDefault, WebhookEvent, Refund, PaymentMethod, PaymentSettings, InvoiceDunning, IdempotencyKey } from './generated/client';
export { WebhookEventStatus, RefundStatus, DunningStatus } from './generated/client';
export * from './tenant-database';
