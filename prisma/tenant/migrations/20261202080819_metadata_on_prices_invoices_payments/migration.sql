-- AlterTable
ALTER TABLE "prices" ADD COLUMN     "metadata" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "metadata" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "metadata" JSONB NOT NULL DEFAULT '{}';
