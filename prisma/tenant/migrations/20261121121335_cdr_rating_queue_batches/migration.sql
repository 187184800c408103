-- The rating queue holds one row per ingested batch (an array of CDR ids and its length) instead of
-- one per CDR: one queue insert at ingest and one delete per claimed batch, instead of a btree entry
-- per CDR each way. CDRs already waiting keep waiting, in id order, in rows of at most 10,000.
CREATE TEMPORARY TABLE "waiting_cdrs" ON COMMIT DROP AS SELECT "cdr_id" FROM "cdr_rating_queue";
DELETE FROM "cdr_rating_queue";

-- AlterTable
ALTER TABLE "cdr_rating_queue" DROP CONSTRAINT "cdr_rating_queue_pkey",
DROP COLUMN "cdr_id",
ADD COLUMN     "cdr_count" INTEGER NOT NULL,
ADD COLUMN     "cdr_ids" BIGINT[],
ADD COLUMN     "id" BIGSERIAL NOT NULL,
ADD CONSTRAINT "cdr_rating_queue_pkey" PRIMARY KEY ("id");

INSERT INTO "cdr_rating_queue" ("cdr_ids", "cdr_count")
SELECT array_agg("cdr_id" ORDER BY "cdr_id"), count(*)
  FROM (SELECT "cdr_id", (row_number() OVER (ORDER BY "cdr_id") - 1) / 10000 AS "batch" FROM "waiting_cdrs") AS w
 GROUP BY "batch"
 ORDER BY "batch";
