-- AlterTable
ALTER TABLE "prices" ADD COLUMN     "billing_scheme" TEXT NOT NULL DEFAULT 'per_unit',
ADD COLUMN     "tiers" JSONB,
ADD COLUMN     "tiers_mode" TEXT;

-- CreateTable
CREATE TABLE "subscription_items" (
    "id" UUID NOT NULL,
    "subscription_id" UUID NOT NULL,
    "price_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscription_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "subscription_items_price_id_idx" ON "subscription_items"("price_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_items_subscription_id_price_id_key" ON "subscription_items"("subscription_id", "price_id");

-- AddForeignKey
ALTER TABLE "subscription_items" ADD CONSTRAINT "subscription_items_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription_items" ADD CONSTRAINT "subscription_items_price_id_fkey" FOREIGN KEY ("price_id") REFERENCES "prices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A price bills per unit or by tiers; a tiered one has its mode and tiers (validated by tiersProblem in the domain).
ALTER TABLE "prices" ADD CONSTRAINT "prices_billing_scheme_check" CHECK (
  ("billing_scheme" = 'per_unit' AND "tiers_mode" IS NULL AND "tiers" IS NULL)
  OR ("billing_scheme" = 'tiered' AND "tiers_mode" IN ('graduated', 'volume') AND jsonb_typeof("tiers") = 'array')
);
ALTER TABLE "subscription_items" ADD CONSTRAINT "subscription_items_quantity_check" CHECK ("quantity" >= 1);

-- Audited like the subscriptions they belong to.
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "subscription_items" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('subscription_item');
