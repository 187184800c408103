-- AlterTable
ALTER TABLE "invoice_lines" ADD COLUMN     "coupon_amount_off" BIGINT,
ADD COLUMN     "coupon_percent_off_basis_points" INTEGER,
ADD COLUMN     "discount_id" UUID;

-- CreateIndex
CREATE INDEX "invoice_lines_discount_id_idx" ON "invoice_lines"("discount_id");

-- AddForeignKey
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_discount_id_fkey" FOREIGN KEY ("discount_id") REFERENCES "discounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
