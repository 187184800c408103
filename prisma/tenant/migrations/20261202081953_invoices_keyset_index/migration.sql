-- CreateIndex
CREATE INDEX "invoices_created_at_id_idx" ON "invoices"("created_at", "id");
