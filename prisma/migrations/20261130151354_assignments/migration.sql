-- AlterTable
ALTER TABLE "equipment" ADD COLUMN     "deputy_id" INTEGER,
ADD COLUMN     "responsible_id" INTEGER;

-- AlterTable
ALTER TABLE "pm_record" ADD COLUMN     "assignee_id" INTEGER;

-- CreateIndex
CREATE INDEX "equipment_responsible_id_idx" ON "equipment"("responsible_id");

-- CreateIndex
CREATE INDEX "equipment_deputy_id_idx" ON "equipment"("deputy_id");

-- CreateIndex
CREATE INDEX "pm_record_assignee_id_status_due_at_idx" ON "pm_record"("assignee_id", "status", "due_at");

-- AddForeignKey
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_responsible_id_fkey" FOREIGN KEY ("responsible_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_deputy_id_fkey" FOREIGN KEY ("deputy_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pm_record" ADD CONSTRAINT "pm_record_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
