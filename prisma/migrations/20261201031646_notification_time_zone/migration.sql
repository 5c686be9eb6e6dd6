-- AlterTable
ALTER TABLE "notification_setting" ADD COLUMN     "time_zone" TEXT;
