-- CreateEnum
CREATE TYPE "QuarantinePolicy" AS ENUM ('OFFER', 'FORCE');

-- CreateEnum
CREATE TYPE "CorrectiveActionStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "ImpactItemKind" AS ENUM ('RECORD', 'CALIBRATION');

-- CreateEnum
CREATE TYPE "ImpactDecision" AS ENUM ('NO_IMPACT', 'RETEST', 'INVESTIGATE');

-- CreateEnum
CREATE TYPE "NoticeStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- AlterTable
ALTER TABLE "lab" ADD COLUMN     "quarantine_on_failure" "QuarantinePolicy" NOT NULL DEFAULT 'OFFER';

-- AlterTable
ALTER TABLE "lab_record_counter" ADD COLUMN     "last_ca_number" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "corrective_action" (
    "id" SERIAL NOT NULL,
    "lab_id" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "equipment_id" INTEGER NOT NULL,
    "status" "CorrectiveActionStatus" NOT NULL DEFAULT 'OPEN',
    "trigger_record_id" INTEGER,
    "failed_at" TIMESTAMPTZ(3) NOT NULL,
    "problem" TEXT NOT NULL,
    "assignee_id" INTEGER,
    "due_on" DATE NOT NULL,
    "opened_by_id" INTEGER,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "closed_by_id" INTEGER,
    "closing_note" TEXT,
    "verification_record_id" INTEGER,
    "recheck_record_id" INTEGER,

    CONSTRAINT "corrective_action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "corrective_action_entry" (
    "id" SERIAL NOT NULL,
    "ca_id" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "actor_id" INTEGER,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "corrective_action_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "corrective_action_impact" (
    "id" SERIAL NOT NULL,
    "ca_id" INTEGER NOT NULL,
    "item_kind" "ImpactItemKind" NOT NULL,
    "item_id" INTEGER NOT NULL,
    "decision" "ImpactDecision" NOT NULL,
    "comment" TEXT,
    "decided_by_id" INTEGER,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "corrective_action_impact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channel_notice" (
    "id" SERIAL NOT NULL,
    "installation_id" INTEGER NOT NULL,
    "lab_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "NoticeStatus" NOT NULL DEFAULT 'PENDING',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "claimed_by" TEXT,
    "claimed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sent_at" TIMESTAMPTZ(3),
    "activity_id" TEXT,
    "last_error" TEXT,

    CONSTRAINT "channel_notice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "corrective_action_recheck_record_id_key" ON "corrective_action"("recheck_record_id");

-- CreateIndex
CREATE INDEX "corrective_action_lab_id_status_idx" ON "corrective_action"("lab_id", "status");

-- CreateIndex
CREATE INDEX "corrective_action_equipment_id_status_idx" ON "corrective_action"("equipment_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "corrective_action_lab_id_number_key" ON "corrective_action"("lab_id", "number");

-- CreateIndex
CREATE INDEX "corrective_action_entry_ca_id_at_idx" ON "corrective_action_entry"("ca_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "corrective_action_impact_ca_id_item_kind_item_id_key" ON "corrective_action_impact"("ca_id", "item_kind", "item_id");

-- CreateIndex
CREATE INDEX "channel_notice_status_created_at_idx" ON "channel_notice"("status", "created_at");

-- AddForeignKey
ALTER TABLE "corrective_action" ADD CONSTRAINT "corrective_action_lab_id_fkey" FOREIGN KEY ("lab_id") REFERENCES "lab"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corrective_action" ADD CONSTRAINT "corrective_action_equipment_id_fkey" FOREIGN KEY ("equipment_id") REFERENCES "equipment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corrective_action" ADD CONSTRAINT "corrective_action_trigger_record_id_fkey" FOREIGN KEY ("trigger_record_id") REFERENCES "pm_record"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corrective_action" ADD CONSTRAINT "corrective_action_verification_record_id_fkey" FOREIGN KEY ("verification_record_id") REFERENCES "pm_record"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corrective_action" ADD CONSTRAINT "corrective_action_recheck_record_id_fkey" FOREIGN KEY ("recheck_record_id") REFERENCES "pm_record"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corrective_action" ADD CONSTRAINT "corrective_action_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corrective_action" ADD CONSTRAINT "corrective_action_opened_by_id_fkey" FOREIGN KEY ("opened_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corrective_action" ADD CONSTRAINT "corrective_action_closed_by_id_fkey" FOREIGN KEY ("closed_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corrective_action_entry" ADD CONSTRAINT "corrective_action_entry_ca_id_fkey" FOREIGN KEY ("ca_id") REFERENCES "corrective_action"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corrective_action_entry" ADD CONSTRAINT "corrective_action_entry_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corrective_action_impact" ADD CONSTRAINT "corrective_action_impact_ca_id_fkey" FOREIGN KEY ("ca_id") REFERENCES "corrective_action"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corrective_action_impact" ADD CONSTRAINT "corrective_action_impact_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channel_notice" ADD CONSTRAINT "channel_notice_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "bot_installation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
