-- AlterTable
ALTER TABLE "pm_record" ADD COLUMN     "review_reason" TEXT;
