-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "overdue_noticed_at" TIMESTAMPTZ(3);
