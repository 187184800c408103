-- AlterTable
ALTER TABLE "webhook_events" ADD COLUMN     "saved_method" JSONB;

-- AlterTable
ALTER TABLE "payment_methods" ADD COLUMN     "token_fingerprint" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "payment_methods_customer_id_account_id_token_fingerprint_key" ON "payment_methods"("customer_id", "account_id", "token_fingerprint");
