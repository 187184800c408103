-- CreateEnum
CREATE TYPE "CouponDuration" AS ENUM ('once', 'repeating', 'forever');

-- CreateTable
CREATE TABLE "coupons" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT,
    "percent_off_basis_points" INTEGER,
    "amount_off" BIGINT,
    "currency" CHAR(3),
    "duration" "CouponDuration" NOT NULL,
    "duration_in_months" INTEGER,
    "max_redemptions" INTEGER,
    "times_redeemed" INTEGER NOT NULL DEFAULT 0,
    "redeem_by" TIMESTAMPTZ(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "coupons_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "discounts" (
    "id" UUID NOT NULL,
    "coupon_id" UUID NOT NULL,
    "subscription_id" UUID,
    "customer_id" UUID,
    "start" TIMESTAMPTZ(3) NOT NULL,
    "invoices_discounted" INTEGER NOT NULL DEFAULT 0,
    "ended_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "discounts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "coupons_code_key" ON "coupons"("code");

-- CreateIndex
CREATE INDEX "coupons_created_at_id_idx" ON "coupons"("created_at", "id");

-- CreateIndex
CREATE INDEX "discounts_coupon_id_idx" ON "discounts"("coupon_id");

-- CreateIndex
CREATE INDEX "discounts_subscription_id_idx" ON "discounts"("subscription_id");

-- CreateIndex
CREATE INDEX "discounts_customer_id_idx" ON "discounts"("customer_id");

-- AddForeignKey
ALTER TABLE "discounts" ADD CONSTRAINT "discounts_coupon_id_fkey" FOREIGN KEY ("coupon_id") REFERENCES "coupons"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discounts" ADD CONSTRAINT "discounts_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discounts" ADD CONSTRAINT "discounts_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
