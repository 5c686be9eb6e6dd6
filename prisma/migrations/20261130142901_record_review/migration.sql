-- CreateEnum
CREATE TYPE "ReviewState" AS ENUM ('AWAITING', 'REVIEWED', 'RETURNED');

-- AlterTable
ALTER TABLE "lab" ADD COLUMN     "review_required" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "equipment_model" ADD COLUMN     "review_required" BOOLEAN;

-- AlterTable
ALTER TABLE "pm_record" ADD COLUMN     "review_comment" TEXT,
ADD COLUMN     "review_state" "ReviewState",
ADD COLUMN     "reviewed_at" TIMESTAMPTZ(3),
ADD COLUMN     "reviewed_by_id" INTEGER;

-- CreateIndex
CREATE INDEX "pm_record_lab_id_review_state_idx" ON "pm_record"("lab_id", "review_state");

-- AddForeignKey
ALTER TABLE "pm_record" ADD CONSTRAINT "pm_record_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
