-- AlterTable
ALTER TABLE "cdrs" ADD COLUMN     "bundle_consumption" JSONB;
