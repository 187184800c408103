-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "amount_refunded" BIGINT NOT NULL DEFAULT 0;

-- Refunds used to lower amount_paid: restore what was received and record the refunds instead.
UPDATE "invoices" i
   SET "amount_refunded" = r.refunded, "amount_paid" = i."amount_paid" + r.refunded
  FROM (SELECT "invoice_id", sum("amount_refunded") AS refunded FROM "payments"
         WHERE "invoice_id" IS NOT NULL AND "amount_refunded" > 0 GROUP BY "invoice_id") r
 WHERE i."id" = r."invoice_id";
