-- AlterTable
ALTER TABLE "corrective_action" ADD COLUMN     "trigger_calibration_id" INTEGER,
ADD COLUMN     "verification_calibration_id" INTEGER;

-- AddForeignKey
ALTER TABLE "corrective_action" ADD CONSTRAINT "corrective_action_trigger_calibration_id_fkey" FOREIGN KEY ("trigger_calibration_id") REFERENCES "calibration_event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corrective_action" ADD CONSTRAINT "corrective_action_verification_calibration_id_fkey" FOREIGN KEY ("verification_calibration_id") REFERENCES "calibration_event"("id") ON DELETE SET NULL ON UPDATE CASCADE;
