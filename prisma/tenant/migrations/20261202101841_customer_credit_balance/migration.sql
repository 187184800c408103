-- CreateEnum
CREATE TYPE "BalanceTransactionType" AS ENUM ('adjustment', 'credit_note', 'overpayment', 'proration', 'applied_to_invoice', 'unapplied_from_invoice');

-- CreateTable
CREATE TABLE "customer_balances" (
    "customer_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_balances_pkey" PRIMARY KEY ("customer_id","currency")
);

-- CreateTable
CREATE TABLE "customer_balance_transactions" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount" BIGINT NOT NULL,
    "ending_balance" BIGINT NOT NULL,
    "type" "BalanceTransactionType" NOT NULL,
    "reason" TEXT,
    "invoice_id" UUID,
    "payment_id" UUID,
    "credit_note_id" UUID,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_balance_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "customer_balance_transactions_customer_id_created_at_id_idx" ON "customer_balance_transactions"("customer_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "customer_balance_transactions_invoice_id_idx" ON "customer_balance_transactions"("invoice_id");

-- AddForeignKey
ALTER TABLE "customer_balances" ADD CONSTRAINT "customer_balances_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_balance_transactions" ADD CONSTRAINT "customer_balance_transactions_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_balance_transactions" ADD CONSTRAINT "customer_balance_transactions_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_balance_transactions" ADD CONSTRAINT "customer_balance_transactions_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

