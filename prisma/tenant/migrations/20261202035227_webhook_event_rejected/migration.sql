-- AlterEnum
ALTER TYPE "WebhookEventStatus" ADD VALUE 'rejected';
