-- CreateEnum
CREATE TYPE "TestClockStatus" AS ENUM ('ready', 'advancing', 'internal_failure');

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "test_clock_id" UUID;

-- CreateTable
CREATE TABLE "test_clocks" (
    "id" UUID NOT NULL,
    "name" TEXT,
    "frozen_time" TIMESTAMPTZ(3) NOT NULL,
    "status" "TestClockStatus" NOT NULL DEFAULT 'ready',
    "advancing_to" TIMESTAMPTZ(3),
    "failure" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "test_clocks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "test_clocks_created_at_id_idx" ON "test_clocks"("created_at", "id");

-- CreateIndex
CREATE INDEX "customers_test_clock_id_idx" ON "customers"("test_clock_id");

-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_test_clock_id_fkey" FOREIGN KEY ("test_clock_id") REFERENCES "test_clocks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Audit: every change of a clock (created, advanced, deleted) in the audit log.
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "test_clocks" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('test_clock');
