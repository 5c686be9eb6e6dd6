-- CreateEnum
CREATE TYPE "ActivityStatus" AS ENUM ('PENDING', 'SENT', 'FAILED', 'SKIPPED');

-- AlterTable
ALTER TABLE "lab" ADD COLUMN     "escalation_hours" INTEGER;

-- CreateTable
CREATE TABLE "activity_notification" (
    "id" SERIAL NOT NULL,
    "event_key" VARCHAR(200) NOT NULL,
    "recipient_id" INTEGER NOT NULL,
    "activity_type" VARCHAR(64) NOT NULL,
    "lab_id" INTEGER,
    "topic" TEXT NOT NULL,
    "sub_entity_id" VARCHAR(200) NOT NULL,
    "preview_text" TEXT NOT NULL,
    "template_parameters" JSONB NOT NULL,
    "status" "ActivityStatus" NOT NULL DEFAULT 'PENDING',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "not_before" TIMESTAMPTZ(3) NOT NULL,
    "claimed_by" TEXT,
    "claimed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sent_at" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "activity_notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_setting" (
    "user_id" INTEGER NOT NULL,
    "disabled_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "quiet_start" VARCHAR(5),
    "quiet_end" VARCHAR(5),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_setting_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE INDEX "activity_notification_status_not_before_idx" ON "activity_notification"("status", "not_before");

-- CreateIndex
CREATE UNIQUE INDEX "activity_notification_event_key_recipient_id_key" ON "activity_notification"("event_key", "recipient_id");

-- AddForeignKey
ALTER TABLE "activity_notification" ADD CONSTRAINT "activity_notification_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_setting" ADD CONSTRAINT "notification_setting_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
