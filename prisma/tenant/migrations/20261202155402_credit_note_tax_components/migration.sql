-- AlterTable
ALTER TABLE "credit_notes" ADD COLUMN     "tax_components" JSONB NOT NULL DEFAULT '[]';
