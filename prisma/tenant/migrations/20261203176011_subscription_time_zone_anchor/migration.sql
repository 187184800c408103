-- Subscriptions bill in a time zone (the tenant's when they are created; UTC, as before, for the
-- existing ones) and may be anchored to a day of the month (null: the anchor's own local day).

-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "billing_anchor_day" INTEGER,
ADD COLUMN     "time_zone" TEXT NOT NULL DEFAULT 'UTC';
