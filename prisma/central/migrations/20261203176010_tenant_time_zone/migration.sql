-- The IANA time zone a tenant bills in (default UTC: what every tenant did before).

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "time_zone" TEXT NOT NULL DEFAULT 'UTC';
