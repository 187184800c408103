-- CreateEnum
CREATE TYPE "CreditNoteStatus" AS ENUM ('issued', 'void');

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "post_payment_credit_amount" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "pre_payment_credit_amount" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "credit_notes" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "sequence" BIGINT NOT NULL,
    "invoice_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "CreditNoteStatus" NOT NULL DEFAULT 'issued',
    "reason" TEXT NOT NULL,
    "memo" TEXT,
    "amount" BIGINT NOT NULL,
    "tax_amount" BIGINT NOT NULL,
    "pre_payment_amount" BIGINT NOT NULL,
    "post_payment_amount" BIGINT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "voided_at" TIMESTAMPTZ(3),

    CONSTRAINT "credit_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_note_sequence" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "next" BIGINT NOT NULL DEFAULT 1,

    CONSTRAINT "credit_note_sequence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "credit_notes_number_key" ON "credit_notes"("number");

-- CreateIndex
CREATE UNIQUE INDEX "credit_notes_sequence_key" ON "credit_notes"("sequence");

-- CreateIndex
CREATE INDEX "credit_notes_invoice_id_idx" ON "credit_notes"("invoice_id");

-- CreateIndex
CREATE INDEX "credit_notes_customer_id_idx" ON "credit_notes"("customer_id");

-- CreateIndex
CREATE INDEX "credit_notes_created_at_id_idx" ON "credit_notes"("created_at", "id");

-- AddForeignKey
ALTER TABLE "customer_balance_transactions" ADD CONSTRAINT "customer_balance_transactions_credit_note_id_fkey" FOREIGN KEY ("credit_note_id") REFERENCES "credit_notes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The numbering starts at 1, like invoice_sequence.
INSERT INTO "credit_note_sequence" ("id", "next") VALUES (1, 1);
