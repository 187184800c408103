-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "test_db_name" TEXT,
ADD COLUMN     "test_db_server" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "tenants_test_db_name_key" ON "tenants"("test_db_name");
