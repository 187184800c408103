-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "trial_will_end_noticed_at" TIMESTAMPTZ(3);
