-- DropIndex
DROP INDEX "cdrs_status_id_idx";

-- CreateTable
CREATE TABLE "cdr_rating_queue" (
    "cdr_id" BIGINT NOT NULL,

    CONSTRAINT "cdr_rating_queue_pkey" PRIMARY KEY ("cdr_id")
);

-- CDRs already waiting keep their place in the queue.
INSERT INTO "cdr_rating_queue" ("cdr_id") SELECT "id" FROM "cdrs" WHERE "status" = 'pending';

-- Rating rewrites every CDR once. Room on each page for the rated version makes that a HOT update
-- (no index entries written) as long as no indexed column changes; Prisma has no syntax for it.
ALTER TABLE "cdrs" SET (fillfactor = 50);
