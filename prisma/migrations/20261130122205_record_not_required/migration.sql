-- CreateEnum
CREATE TYPE "NotRequiredCause" AS ENUM ('TRANSFER', 'STATUS_CHANGE', 'MANAGER');

-- AlterEnum
ALTER TYPE "RecordStatus" ADD VALUE 'NOT_REQUIRED';

-- AlterTable
ALTER TABLE "pm_record" ADD COLUMN     "not_required_at" TIMESTAMPTZ(3),
ADD COLUMN     "not_required_by_id" INTEGER,
ADD COLUMN     "not_required_cause" "NotRequiredCause",
ADD COLUMN     "not_required_reason" TEXT;

-- AddForeignKey
ALTER TABLE "pm_record" ADD CONSTRAINT "pm_record_not_required_by_id_fkey" FOREIGN KEY ("not_required_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
