-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMINISTRATOR', 'GLOBAL_AUDIT', 'MANAGER', 'LOCAL_AUDIT', 'TECHNICIAN');

-- CreateEnum
CREATE TYPE "UserStatus" AS ENUM ('ACTIVE', 'DISABLED');

-- CreateEnum
CREATE TYPE "Frequency" AS ENUM ('DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'ANNUAL');

-- CreateEnum
CREATE TYPE "TaskKind" AS ENUM ('CHECK', 'READING', 'TEXT');

-- CreateEnum
CREATE TYPE "EquipmentStatus" AS ENUM ('ACTIVE', 'IN_REPAIR', 'OUT_OF_SERVICE', 'OBSOLETE');

-- CreateEnum
CREATE TYPE "EquipmentEventKind" AS ENUM ('CREATED', 'STATUS_CHANGED', 'TRANSFERRED', 'EDITED');

-- CreateEnum
CREATE TYPE "RecordStatus" AS ENUM ('OPEN', 'COMPLETED');

-- CreateEnum
CREATE TYPE "RecordResult" AS ENUM ('PASS', 'FAIL');

-- CreateEnum
CREATE TYPE "CheckOutcome" AS ENUM ('DONE', 'NOT_DONE', 'NOT_APPLICABLE');

-- CreateEnum
CREATE TYPE "AuditSource" AS ENUM ('TAB', 'BOT', 'SCHEDULER', 'SYSTEM');

-- CreateEnum
CREATE TYPE "ConversationType" AS ENUM ('PERSONAL', 'GROUP_CHAT', 'CHANNEL');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "lab" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(10) NOT NULL,
    "name" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "digest_hour" INTEGER NOT NULL DEFAULT 7,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "generated_through" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lab_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lab_record_counter" (
    "lab_id" INTEGER NOT NULL,
    "last_number" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "lab_record_counter_pkey" PRIMARY KEY ("lab_id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "aad_object_id" TEXT NOT NULL,
    "upn" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "email" TEXT,
    "status" "UserStatus" NOT NULL DEFAULT 'ACTIVE',
    "primary_lab_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lab_access" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "lab_id" INTEGER NOT NULL,
    "role" "Role" NOT NULL,
    "granted_by_id" INTEGER,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lab_access_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dev_directory_membership" (
    "aad_object_id" TEXT NOT NULL,
    "group_id" TEXT NOT NULL,
    "group_name" TEXT NOT NULL,

    CONSTRAINT "dev_directory_membership_pkey" PRIMARY KEY ("aad_object_id","group_id")
);

-- CreateTable
CREATE TABLE "equipment_model" (
    "id" SERIAL NOT NULL,
    "manufacturer" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "frequencies" "Frequency"[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "equipment_model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checklist_task" (
    "id" SERIAL NOT NULL,
    "model_id" INTEGER NOT NULL,
    "frequency" "Frequency" NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "TaskKind" NOT NULL,
    "unit" TEXT,
    "min" DOUBLE PRECISION,
    "max" DOUBLE PRECISION,
    "required" BOOLEAN NOT NULL DEFAULT true,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "checklist_task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "equipment" (
    "id" SERIAL NOT NULL,
    "asset_tag" TEXT NOT NULL,
    "serial_number" TEXT,
    "model_id" INTEGER NOT NULL,
    "lab_id" INTEGER NOT NULL,
    "location" TEXT,
    "status" "EquipmentStatus" NOT NULL DEFAULT 'ACTIVE',
    "commissioned_on" DATE,
    "notes" TEXT,
    "active_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "equipment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "equipment_event" (
    "id" SERIAL NOT NULL,
    "equipment_id" INTEGER NOT NULL,
    "kind" "EquipmentEventKind" NOT NULL,
    "from_status" "EquipmentStatus",
    "to_status" "EquipmentStatus",
    "from_lab_id" INTEGER,
    "to_lab_id" INTEGER,
    "reason" TEXT,
    "actor_id" INTEGER,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "equipment_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pm_record" (
    "id" SERIAL NOT NULL,
    "lab_id" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "equipment_id" INTEGER NOT NULL,
    "frequency" "Frequency" NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "RecordStatus" NOT NULL DEFAULT 'OPEN',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_by_id" INTEGER,
    "completed_at" TIMESTAMPTZ(3),
    "completed_via" "AuditSource",
    "comment" TEXT,
    "result" "RecordResult",

    CONSTRAINT "pm_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pm_task_result" (
    "id" SERIAL NOT NULL,
    "record_id" INTEGER NOT NULL,
    "task_id" INTEGER,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "TaskKind" NOT NULL,
    "unit" TEXT,
    "min" DOUBLE PRECISION,
    "max" DOUBLE PRECISION,
    "required" BOOLEAN NOT NULL,
    "outcome" "CheckOutcome",
    "reading" DOUBLE PRECISION,
    "text" TEXT,
    "passed" BOOLEAN NOT NULL,
    "note" TEXT,

    CONSTRAINT "pm_task_result_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pm_amendment" (
    "id" SERIAL NOT NULL,
    "record_id" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "actor_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changes" JSONB NOT NULL,

    CONSTRAINT "pm_amendment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" INTEGER,
    "actor_name" TEXT NOT NULL,
    "source" "AuditSource" NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "lab_id" INTEGER,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "bot_installation" (
    "id" SERIAL NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "conversation_type" "ConversationType" NOT NULL,
    "tenant_id" TEXT,
    "service_url" TEXT NOT NULL,
    "team_id" TEXT,
    "channel_id" TEXT,
    "lab_id" INTEGER,
    "user_aad_object_id" TEXT,
    "personal_digest" BOOLEAN NOT NULL DEFAULT false,
    "reference" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "installed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deactivated_at" TIMESTAMPTZ(3),

    CONSTRAINT "bot_installation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "digest_delivery" (
    "id" SERIAL NOT NULL,
    "installation_id" INTEGER NOT NULL,
    "local_date" DATE NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "claimed_by" TEXT NOT NULL,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL,
    "activity_id" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "digest_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scheduler_lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "scheduler_lease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "lab_code_key" ON "lab"("code");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_aad_object_id_key" ON "app_user"("aad_object_id");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_upn_key" ON "app_user"("upn");

-- CreateIndex
CREATE INDEX "lab_access_lab_id_idx" ON "lab_access"("lab_id");

-- CreateIndex
CREATE UNIQUE INDEX "lab_access_user_id_lab_id_key" ON "lab_access"("user_id", "lab_id");

-- CreateIndex
CREATE UNIQUE INDEX "equipment_model_manufacturer_name_key" ON "equipment_model"("manufacturer", "name");

-- CreateIndex
CREATE INDEX "checklist_task_model_id_frequency_active_idx" ON "checklist_task"("model_id", "frequency", "active");

-- CreateIndex
CREATE UNIQUE INDEX "equipment_asset_tag_key" ON "equipment"("asset_tag");

-- CreateIndex
CREATE INDEX "equipment_lab_id_status_idx" ON "equipment"("lab_id", "status");

-- CreateIndex
CREATE INDEX "equipment_model_id_idx" ON "equipment"("model_id");

-- CreateIndex
CREATE INDEX "equipment_event_equipment_id_at_idx" ON "equipment_event"("equipment_id", "at");

-- CreateIndex
CREATE INDEX "pm_record_lab_id_status_due_at_idx" ON "pm_record"("lab_id", "status", "due_at");

-- CreateIndex
CREATE INDEX "pm_record_lab_id_frequency_status_due_at_idx" ON "pm_record"("lab_id", "frequency", "status", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "pm_record_lab_id_number_key" ON "pm_record"("lab_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "pm_record_equipment_id_frequency_period_start_key" ON "pm_record"("equipment_id", "frequency", "period_start");

-- CreateIndex
CREATE UNIQUE INDEX "pm_task_result_record_id_position_key" ON "pm_task_result"("record_id", "position");

-- CreateIndex
CREATE INDEX "pm_amendment_record_id_idx" ON "pm_amendment"("record_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_hash_key" ON "audit_event"("hash");

-- CreateIndex
CREATE INDEX "audit_event_lab_id_at_idx" ON "audit_event"("lab_id", "at");

-- CreateIndex
CREATE INDEX "audit_event_entity_type_entity_id_idx" ON "audit_event"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_event_actor_id_at_idx" ON "audit_event"("actor_id", "at");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- CreateIndex
CREATE UNIQUE INDEX "bot_installation_conversation_id_key" ON "bot_installation"("conversation_id");

-- CreateIndex
CREATE INDEX "bot_installation_lab_id_active_idx" ON "bot_installation"("lab_id", "active");

-- CreateIndex
CREATE UNIQUE INDEX "digest_delivery_installation_id_local_date_key" ON "digest_delivery"("installation_id", "local_date");

-- AddForeignKey
ALTER TABLE "lab_record_counter" ADD CONSTRAINT "lab_record_counter_lab_id_fkey" FOREIGN KEY ("lab_id") REFERENCES "lab"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_primary_lab_id_fkey" FOREIGN KEY ("primary_lab_id") REFERENCES "lab"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lab_access" ADD CONSTRAINT "lab_access_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lab_access" ADD CONSTRAINT "lab_access_granted_by_id_fkey" FOREIGN KEY ("granted_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lab_access" ADD CONSTRAINT "lab_access_lab_id_fkey" FOREIGN KEY ("lab_id") REFERENCES "lab"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_task" ADD CONSTRAINT "checklist_task_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "equipment_model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "equipment_model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_lab_id_fkey" FOREIGN KEY ("lab_id") REFERENCES "lab"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "equipment_event" ADD CONSTRAINT "equipment_event_equipment_id_fkey" FOREIGN KEY ("equipment_id") REFERENCES "equipment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "equipment_event" ADD CONSTRAINT "equipment_event_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pm_record" ADD CONSTRAINT "pm_record_lab_id_fkey" FOREIGN KEY ("lab_id") REFERENCES "lab"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pm_record" ADD CONSTRAINT "pm_record_equipment_id_fkey" FOREIGN KEY ("equipment_id") REFERENCES "equipment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pm_record" ADD CONSTRAINT "pm_record_completed_by_id_fkey" FOREIGN KEY ("completed_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pm_task_result" ADD CONSTRAINT "pm_task_result_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "pm_record"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pm_task_result" ADD CONSTRAINT "pm_task_result_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "checklist_task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pm_amendment" ADD CONSTRAINT "pm_amendment_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "pm_record"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pm_amendment" ADD CONSTRAINT "pm_amendment_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_installation" ADD CONSTRAINT "bot_installation_lab_id_fkey" FOREIGN KEY ("lab_id") REFERENCES "lab"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "digest_delivery" ADD CONSTRAINT "digest_delivery_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "bot_installation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
