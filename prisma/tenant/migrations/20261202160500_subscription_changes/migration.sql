-- CreateEnum
CREATE TYPE "PauseBehavior" AS ENUM ('keep_as_draft', 'mark_uncollectible', 'void');

-- AlterEnum
ALTER TYPE "SubscriptionStatus" ADD VALUE 'paused';

-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "pause_behavior" "PauseBehavior",
ADD COLUMN     "pause_resumes_at" TIMESTAMPTZ(3),
ADD COLUMN     "paused_at" TIMESTAMPTZ(3),
ADD COLUMN     "pending_change_requested_at" TIMESTAMPTZ(3),
ADD COLUMN     "pending_price_id" UUID,
ADD COLUMN     "pending_quantity" INTEGER;

-- CreateTable
CREATE TABLE "pending_invoice_items" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "subscription_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "description" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "price_id" UUID,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "invoice_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pending_invoice_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "pending_invoice_items_subscription_id_invoice_id_idx" ON "pending_invoice_items"("subscription_id", "invoice_id");

-- CreateIndex
CREATE INDEX "pending_invoice_items_customer_id_idx" ON "pending_invoice_items"("customer_id");

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_pending_price_id_fkey" FOREIGN KEY ("pending_price_id") REFERENCES "prices"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pending_invoice_items" ADD CONSTRAINT "pending_invoice_items_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pending_invoice_items" ADD CONSTRAINT "pending_invoice_items_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pending_invoice_items" ADD CONSTRAINT "pending_invoice_items_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
