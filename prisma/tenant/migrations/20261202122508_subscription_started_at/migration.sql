-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Existing subscriptions: the earliest of when the row was written, its current period's start (a trial not over yet
-- began there) and its first invoiced period (a backdated one began there).
UPDATE "subscriptions" s
   SET "started_at" = LEAST(s."created_at", s."current_period_start",
                            COALESCE((SELECT min(i."period_start") FROM "invoices" i WHERE i."subscription_id" = s."id"), s."created_at"));
