-- NovaBilling's own plans (libs/domain/src/platform/plans.ts). New tenants start on the trial;
-- tenants that existed before plans did keep what they had: no limit on customers (max_customers
-- was never enforced), their API-key maximum, and no expiry. They are put on "scale" and their
-- old maxima, where they differ from scale's, become overrides an operator can see and change.

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "plan" TEXT NOT NULL DEFAULT 'trial',
ADD COLUMN     "trial_ends_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "tenant_limit_overrides" (
    "tenant_id" UUID NOT NULL,
    "limit_name" TEXT NOT NULL,
    "max" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tenant_limit_overrides_pkey" PRIMARY KEY ("tenant_id","limit_name")
);

-- AddForeignKey
ALTER TABLE "tenant_limit_overrides" ADD CONSTRAINT "tenant_limit_overrides_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing tenants (scale: unlimited customers, invoices and seats, 50 API keys).
UPDATE "tenants" SET "plan" = 'scale';
INSERT INTO "tenant_limit_overrides" ("tenant_id", "limit_name", "max", "updated_at")
  SELECT "id", 'apiKeys', "max_api_keys", now() FROM "tenants" WHERE "max_api_keys" <> 50;
INSERT INTO "tenant_limit_overrides" ("tenant_id", "limit_name", "max", "updated_at")
  SELECT "id", 'customers', "max_customers", now() FROM "tenants" WHERE "max_customers" IS NOT NULL;

-- AlterTable
ALTER TABLE "tenants" DROP COLUMN "max_api_keys",
DROP COLUMN "max_customers";
