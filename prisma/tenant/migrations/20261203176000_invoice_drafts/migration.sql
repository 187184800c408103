-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "auto_finalize_at" TIMESTAMPTZ(3),
ADD COLUMN     "due_at_set" BOOLEAN NOT NULL DEFAULT false,
ALTER COLUMN "number" DROP NOT NULL,
ALTER COLUMN "sequence" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "invoices_auto_finalize_at_idx" ON "invoices"("auto_finalize_at");
