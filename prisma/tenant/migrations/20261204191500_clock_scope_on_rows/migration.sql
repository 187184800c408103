-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "test_clock_id" UUID;

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "test_clock_id" UUID;

-- AlterTable
ALTER TABLE "test_clocks" DROP COLUMN "deleted_at";

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_test_clock_id_fkey" FOREIGN KEY ("test_clock_id") REFERENCES "test_clocks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_test_clock_id_fkey" FOREIGN KEY ("test_clock_id") REFERENCES "test_clocks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Backfill: the subscriptions and invoices of customers already on a clock (test-mode databases only).
UPDATE "subscriptions" s SET "test_clock_id" = c."test_clock_id" FROM "customers" c WHERE c."id" = s."customer_id" AND c."test_clock_id" IS NOT NULL;
UPDATE "invoices" i SET "test_clock_id" = c."test_clock_id" FROM "customers" c WHERE c."id" = i."customer_id" AND c."test_clock_id" IS NOT NULL;
