-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "amount_applied" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "review_reason" TEXT;

-- Payments settled before this column existed were applied in full to their invoice.
UPDATE "payments" SET "amount_applied" = "amount"
 WHERE "invoice_id" IS NOT NULL AND "status" IN ('succeeded', 'refunded', 'partially_refunded');
