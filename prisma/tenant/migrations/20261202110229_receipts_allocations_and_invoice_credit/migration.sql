-- AlterEnum
ALTER TYPE "BalanceTransactionType" ADD VALUE 'invoice_surplus';

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "credit_applied" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "receipt_number" TEXT,
ADD COLUMN     "received_via" TEXT;

-- CreateTable
CREATE TABLE "payment_allocations" (
    "id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "payment_allocations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "receipt_sequence" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "next" BIGINT NOT NULL DEFAULT 1,

    CONSTRAINT "receipt_sequence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payment_allocations_invoice_id_idx" ON "payment_allocations"("invoice_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_allocations_payment_id_invoice_id_key" ON "payment_allocations"("payment_id", "invoice_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_receipt_number_key" ON "payments"("receipt_number");

-- AddForeignKey
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Data: receipt numbers start at 1, as invoice numbers do.
INSERT INTO "receipt_sequence" ("id", "next") VALUES (1, 1);

-- Data: every payment already applied to its invoice becomes that payment's one allocation.
INSERT INTO "payment_allocations" ("id", "payment_id", "invoice_id", "amount", "created_at")
SELECT gen_random_uuid(), p."id", p."invoice_id", p."amount_applied", COALESCE(p."paid_at", p."created_at")
  FROM "payments" p
 WHERE p."invoice_id" IS NOT NULL AND p."amount_applied" > 0;
