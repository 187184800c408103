-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "draft_finalize_delay_minutes" INTEGER NOT NULL DEFAULT 60;

-- Tenants that existed before drafts keep today's behaviour (renewals finalized at once); new tenants wait an hour, as Stripe does.
UPDATE "tenants" SET "draft_finalize_delay_minutes" = 0;
