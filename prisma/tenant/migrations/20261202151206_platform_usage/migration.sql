-- CreateTable
CREATE TABLE "platform_usage" (
    "metric" TEXT NOT NULL,
    "period" TEXT NOT NULL DEFAULT '',
    "used" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_usage_pkey" PRIMARY KEY ("metric","period")
);

-- The counters start at what exists: every customer, and the invoices issued this UTC month
-- (the range uses invoices (issued_at, id)). Later months start at 0 on their first invoice.
INSERT INTO "platform_usage" ("metric", "period", "used") SELECT 'customers', '', count(*)::int FROM "customers";
INSERT INTO "platform_usage" ("metric", "period", "used")
  SELECT 'invoices', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'), count(*)::int FROM "invoices"
   WHERE "issued_at" >= (date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC');
