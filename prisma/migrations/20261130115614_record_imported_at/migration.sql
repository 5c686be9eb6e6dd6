-- AlterTable
ALTER TABLE "pm_record" ADD COLUMN     "imported_at" TIMESTAMPTZ(3);
