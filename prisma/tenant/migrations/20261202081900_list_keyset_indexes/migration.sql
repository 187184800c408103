-- CreateIndex
CREATE INDEX "products_created_at_id_idx" ON "products"("created_at", "id");

-- CreateIndex
CREATE INDEX "plans_created_at_id_idx" ON "plans"("created_at", "id");

-- CreateIndex
CREATE INDEX "prices_plan_id_created_at_id_idx" ON "prices"("plan_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "subscriptions_created_at_id_idx" ON "subscriptions"("created_at", "id");

-- CreateIndex
CREATE INDEX "payment_methods_customer_id_created_at_id_idx" ON "payment_methods"("customer_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "rate_plans_created_at_id_idx" ON "rate_plans"("created_at", "id");

-- CreateIndex
CREATE INDEX "dids_created_at_id_idx" ON "dids"("created_at", "id");
