-- A subscription's CDRs are found by subscription alone (billUsage): a one-column index takes a
-- new CDR at the right end of its subscription's run of equal keys instead of at a random place in
-- (subscription_id, started_at), which was a btree insert into a random leaf for every CDR.
-- DropIndex
DROP INDEX "cdrs_subscription_id_started_at_idx";

-- CreateIndex
CREATE INDEX "cdrs_subscription_id_idx" ON "cdrs"("subscription_id");
