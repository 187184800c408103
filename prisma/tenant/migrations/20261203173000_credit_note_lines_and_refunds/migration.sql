-- AlterTable
ALTER TABLE "credit_notes" ADD COLUMN     "credit_amount" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "out_of_band_amount" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "refund_amount" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "refund_failure" TEXT,
ADD COLUMN     "refund_id" UUID,
ADD COLUMN     "refund_payment_id" UUID,
ADD COLUMN     "refund_status" TEXT;

-- CreateTable
CREATE TABLE "credit_note_lines" (
    "id" UUID NOT NULL,
    "credit_note_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "invoice_line_id" UUID NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" INTEGER,
    "taxable" BIGINT NOT NULL,
    "tax_amount" BIGINT NOT NULL,
    "amount" BIGINT NOT NULL,
    "taxes" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "credit_note_lines_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "credit_note_lines_invoice_line_id_idx" ON "credit_note_lines"("invoice_line_id");

-- CreateIndex
CREATE UNIQUE INDEX "credit_note_lines_credit_note_id_position_key" ON "credit_note_lines"("credit_note_id", "position");

-- CreateIndex
CREATE INDEX "credit_notes_refund_status_created_at_idx" ON "credit_notes"("refund_status", "created_at");

-- AddForeignKey
ALTER TABLE "credit_note_lines" ADD CONSTRAINT "credit_note_lines_credit_note_id_fkey" FOREIGN KEY ("credit_note_id") REFERENCES "credit_notes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_note_lines" ADD CONSTRAINT "credit_note_lines_invoice_line_id_fkey" FOREIGN KEY ("invoice_line_id") REFERENCES "invoice_lines"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Credit notes issued before the split put everything that did not lower the amount due on the balance.
UPDATE "credit_notes" SET "credit_amount" = "post_payment_amount" WHERE "post_payment_amount" <> 0;

-- Audited like the credit notes they belong to.
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "credit_note_lines" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('credit_note_line');
