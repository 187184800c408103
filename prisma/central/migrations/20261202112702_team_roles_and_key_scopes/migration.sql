-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('full', 'read_only');

-- AlterEnum
ALTER TYPE "AdminRole" ADD VALUE 'viewer';

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "scope" "ApiKeyScope" NOT NULL DEFAULT 'full';
