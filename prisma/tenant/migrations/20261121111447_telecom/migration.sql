-- CreateEnum
CREATE TYPE "TelecomAccountKind" AS ENUM ('prepaid', 'postpaid');

-- CreateEnum
CREATE TYPE "TelecomAccountStatus" AS ENUM ('active', 'suspended');

-- CreateEnum
CREATE TYPE "CdrStatus" AS ENUM ('pending', 'rated', 'unratable');

-- AlterTable
ALTER TABLE "invoice_lines" ADD COLUMN     "usage_bundle_seconds" INTEGER,
ADD COLUMN     "usage_calls" INTEGER,
ADD COLUMN     "usage_destination" TEXT,
ADD COLUMN     "usage_seconds" INTEGER;

-- CreateTable
CREATE TABLE "rate_plans" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "timezone" TEXT NOT NULL,
    "rounding_method" TEXT NOT NULL,
    "rounding_decimals" INTEGER NOT NULL,
    "timings" JSONB NOT NULL DEFAULT '[]',
    "bundles" JSONB NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_plan_destinations" (
    "plan_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "weight" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_plan_destinations_pkey" PRIMARY KEY ("plan_id","name")
);

-- CreateTable
CREATE TABLE "rate_plan_prefixes" (
    "plan_id" UUID NOT NULL,
    "destination" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,

    CONSTRAINT "rate_plan_prefixes_pkey" PRIMARY KEY ("plan_id","destination","prefix")
);

-- CreateTable
CREATE TABLE "rate_plan_rates" (
    "plan_id" UUID NOT NULL,
    "rate_id" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "timing" TEXT,
    "active_from" TEXT,
    "price_per_unit" TEXT NOT NULL,
    "unit_seconds" INTEGER NOT NULL,
    "initial_increment" INTEGER NOT NULL,
    "subsequent_increment" INTEGER NOT NULL,
    "connect_fee" TEXT NOT NULL DEFAULT '0',
    "min_cost" TEXT,
    "max_cost" TEXT,

    CONSTRAINT "rate_plan_rates_pkey" PRIMARY KEY ("plan_id","rate_id")
);

-- CreateTable
CREATE TABLE "telecom_accounts" (
    "id" UUID NOT NULL,
    "subscription_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "rate_plan_id" UUID NOT NULL,
    "kind" "TelecomAccountKind" NOT NULL,
    "status" "TelecomAccountStatus" NOT NULL DEFAULT 'active',
    "currency" CHAR(3) NOT NULL,
    "balance_nanos" BIGINT NOT NULL DEFAULT 0,
    "low_balance_threshold_nanos" BIGINT NOT NULL DEFAULT 0,
    "low_balance_notified_at" TIMESTAMPTZ(3),
    "suspend_at_zero" BOOLEAN NOT NULL DEFAULT false,
    "bundle_usage" JSONB NOT NULL DEFAULT '{}',
    "bundle_period_start" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "telecom_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dids" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "account_id" UUID,
    "assigned_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dids_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telecom_top_ups" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reference" TEXT,
    "balance_after_nanos" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "telecom_top_ups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cdrs" (
    "id" BIGSERIAL NOT NULL,
    "switch_id" TEXT NOT NULL,
    "caller_number" TEXT NOT NULL,
    "called_number" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "status" "CdrStatus" NOT NULL DEFAULT 'pending',
    "account_id" UUID,
    "subscription_id" UUID,
    "destination" TEXT,
    "matched_prefix" TEXT,
    "cost_nanos" BIGINT NOT NULL DEFAULT 0,
    "billed_seconds" INTEGER NOT NULL DEFAULT 0,
    "bundle_seconds" INTEGER NOT NULL DEFAULT 0,
    "over_limit" BOOLEAN NOT NULL DEFAULT false,
    "failure_reason" TEXT,
    "failure_message" TEXT,
    "rated_at" TIMESTAMPTZ(3),
    "invoice_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cdrs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "rate_plans_name_key" ON "rate_plans"("name");

-- CreateIndex
CREATE UNIQUE INDEX "telecom_accounts_subscription_id_key" ON "telecom_accounts"("subscription_id");

-- CreateIndex
CREATE INDEX "telecom_accounts_customer_id_idx" ON "telecom_accounts"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "dids_number_key" ON "dids"("number");

-- CreateIndex
CREATE INDEX "dids_account_id_idx" ON "dids"("account_id");

-- CreateIndex
CREATE INDEX "telecom_top_ups_account_id_idx" ON "telecom_top_ups"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "cdrs_switch_id_key" ON "cdrs"("switch_id");

-- CreateIndex
CREATE INDEX "cdrs_status_id_idx" ON "cdrs"("status", "id");

-- CreateIndex
CREATE INDEX "cdrs_started_at_id_idx" ON "cdrs"("started_at", "id");

-- CreateIndex
CREATE INDEX "cdrs_subscription_id_started_at_idx" ON "cdrs"("subscription_id", "started_at");

-- AddForeignKey
ALTER TABLE "rate_plan_destinations" ADD CONSTRAINT "rate_plan_destinations_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "rate_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate_plan_prefixes" ADD CONSTRAINT "rate_plan_prefixes_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "rate_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate_plan_rates" ADD CONSTRAINT "rate_plan_rates_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "rate_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "telecom_accounts" ADD CONSTRAINT "telecom_accounts_rate_plan_id_fkey" FOREIGN KEY ("rate_plan_id") REFERENCES "rate_plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dids" ADD CONSTRAINT "dids_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "telecom_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "telecom_top_ups" ADD CONSTRAINT "telecom_top_ups_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "telecom_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
