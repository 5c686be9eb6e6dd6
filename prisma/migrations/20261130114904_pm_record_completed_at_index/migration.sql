-- CreateIndex
CREATE INDEX "pm_record_lab_id_completed_at_idx" ON "pm_record"("lab_id", "completed_at");
