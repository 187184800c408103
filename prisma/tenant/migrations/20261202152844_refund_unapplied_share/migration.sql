-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "credit_reserved" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "unapplied_share" BIGINT;
