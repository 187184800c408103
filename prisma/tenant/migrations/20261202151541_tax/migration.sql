-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "tax_status" TEXT NOT NULL DEFAULT 'taxable';

-- AlterTable
ALTER TABLE "products" ADD COLUMN     "tax_code" TEXT,
ADD COLUMN     "tax_rate_id" UUID;

-- AlterTable
ALTER TABLE "prices" ADD COLUMN     "tax_code" TEXT,
ADD COLUMN     "tax_rate_id" UUID;

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "place_of_supply" TEXT,
ADD COLUMN     "tax_note" TEXT,
ADD COLUMN     "tax_snapshot" JSONB,
ADD COLUMN     "tax_treatment" TEXT;

-- AlterTable
ALTER TABLE "invoice_lines" ADD COLUMN     "tax_amount" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "tax_code" TEXT,
ADD COLUMN     "taxable_amount" BIGINT;

-- CreateTable
CREATE TABLE "tax_profile" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "legal_name" TEXT NOT NULL,
    "address" JSONB NOT NULL DEFAULT '{}',
    "country" CHAR(2) NOT NULL,
    "tax_ids" JSONB NOT NULL DEFAULT '[]',
    "default_tax_behavior" TEXT NOT NULL DEFAULT 'exclusive',
    "default_tax_rate_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tax_profile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tax_rates" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "state" TEXT,
    "percentage" TEXT NOT NULL,
    "components" JSONB NOT NULL DEFAULT '[]',
    "tax_behavior" TEXT,
    "description" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tax_rates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_tax_ids" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_tax_ids_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_line_taxes" (
    "id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "line_position" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "tax_rate_id" UUID,
    "code" TEXT NOT NULL,
    "percentage" TEXT NOT NULL,
    "taxable" BIGINT NOT NULL,
    "amount" BIGINT NOT NULL,
    "tax_behavior" TEXT NOT NULL,

    CONSTRAINT "invoice_line_taxes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tax_rates_created_at_id_idx" ON "tax_rates"("created_at", "id");

-- CreateIndex
CREATE INDEX "customer_tax_ids_customer_id_created_at_idx" ON "customer_tax_ids"("customer_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "customer_tax_ids_customer_id_type_value_key" ON "customer_tax_ids"("customer_id", "type", "value");

-- CreateIndex
CREATE INDEX "invoice_line_taxes_tax_rate_id_idx" ON "invoice_line_taxes"("tax_rate_id");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_line_taxes_invoice_id_line_position_position_key" ON "invoice_line_taxes"("invoice_id", "line_position", "position");

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_tax_rate_id_fkey" FOREIGN KEY ("tax_rate_id") REFERENCES "tax_rates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prices" ADD CONSTRAINT "prices_tax_rate_id_fkey" FOREIGN KEY ("tax_rate_id") REFERENCES "tax_rates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tax_profile" ADD CONSTRAINT "tax_profile_default_tax_rate_id_fkey" FOREIGN KEY ("default_tax_rate_id") REFERENCES "tax_rates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_tax_ids" ADD CONSTRAINT "customer_tax_ids_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_line_taxes" ADD CONSTRAINT "invoice_line_taxes_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_line_taxes" ADD CONSTRAINT "invoice_line_taxes_tax_rate_id_fkey" FOREIGN KEY ("tax_rate_id") REFERENCES "tax_rates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
