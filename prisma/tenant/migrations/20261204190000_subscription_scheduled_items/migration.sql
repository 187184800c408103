-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "pending_items" JSONB;

