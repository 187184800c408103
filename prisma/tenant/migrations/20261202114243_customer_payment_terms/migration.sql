-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "payment_terms_days" INTEGER;
