-- CreateEnum
CREATE TYPE "CalibrationIntervalUnit" AS ENUM ('DAY', 'WEEK', 'MONTH', 'YEAR');

-- CreateEnum
CREATE TYPE "CalibrationProvider" AS ENUM ('INTERNAL', 'EXTERNAL');

-- CreateEnum
CREATE TYPE "CalibrationResult" AS ENUM ('PASS', 'FAIL');

-- CreateTable
CREATE TABLE "calibration_plan" (
    "equipment_id" INTEGER NOT NULL,
    "interval_count" INTEGER NOT NULL,
    "interval_unit" "CalibrationIntervalUnit" NOT NULL,
    "notice_days" INTEGER NOT NULL DEFAULT 30,
    "provider" "CalibrationProvider" NOT NULL,
    "provider_name" TEXT,
    "acceptance_criteria" TEXT,
    "firmware_version" TEXT,
    "reference_material" TEXT,
    "maintenance_plan" TEXT,
    "reference_standard" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "last_calibrated_on" DATE,
    "last_result" "CalibrationResult",
    "next_due_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "calibration_plan_pkey" PRIMARY KEY ("equipment_id")
);

-- CreateTable
CREATE TABLE "calibration_event" (
    "id" SERIAL NOT NULL,
    "equipment_id" INTEGER NOT NULL,
    "lab_id" INTEGER NOT NULL,
    "calibrated_on" DATE NOT NULL,
    "provider" "CalibrationProvider" NOT NULL,
    "provider_name" TEXT,
    "certificate_number" TEXT,
    "firmware_version" TEXT,
    "adjusted" BOOLEAN NOT NULL DEFAULT false,
    "as_found_pass" BOOLEAN,
    "result" "CalibrationResult" NOT NULL,
    "next_due_on" DATE NOT NULL,
    "comment" TEXT,
    "recorded_by_id" INTEGER,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_via" "AuditSource" NOT NULL,

    CONSTRAINT "calibration_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calibration_point" (
    "id" SERIAL NOT NULL,
    "event_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "nominal" DOUBLE PRECISION NOT NULL,
    "tolerance" DOUBLE PRECISION NOT NULL,
    "as_found" DOUBLE PRECISION,
    "as_left" DOUBLE PRECISION,
    "as_found_pass" BOOLEAN,
    "as_left_pass" BOOLEAN,

    CONSTRAINT "calibration_point_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calibration_standard_use" (
    "event_id" INTEGER NOT NULL,
    "standard_id" INTEGER NOT NULL,
    "certificate_number" TEXT,
    "due_on" DATE,

    CONSTRAINT "calibration_standard_use_pkey" PRIMARY KEY ("event_id","standard_id")
);

-- CreateIndex
CREATE INDEX "calibration_plan_next_due_on_idx" ON "calibration_plan"("next_due_on");

-- CreateIndex
CREATE INDEX "calibration_event_equipment_id_calibrated_on_idx" ON "calibration_event"("equipment_id", "calibrated_on");

-- CreateIndex
CREATE INDEX "calibration_event_lab_id_calibrated_on_idx" ON "calibration_event"("lab_id", "calibrated_on");

-- CreateIndex
CREATE UNIQUE INDEX "calibration_point_event_id_position_key" ON "calibration_point"("event_id", "position");

-- CreateIndex
CREATE INDEX "calibration_standard_use_standard_id_idx" ON "calibration_standard_use"("standard_id");

-- AddForeignKey
ALTER TABLE "calibration_plan" ADD CONSTRAINT "calibration_plan_equipment_id_fkey" FOREIGN KEY ("equipment_id") REFERENCES "equipment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calibration_event" ADD CONSTRAINT "calibration_event_equipment_id_fkey" FOREIGN KEY ("equipment_id") REFERENCES "equipment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calibration_event" ADD CONSTRAINT "calibration_event_lab_id_fkey" FOREIGN KEY ("lab_id") REFERENCES "lab"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calibration_event" ADD CONSTRAINT "calibration_event_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calibration_point" ADD CONSTRAINT "calibration_point_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "calibration_event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calibration_standard_use" ADD CONSTRAINT "calibration_standard_use_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "calibration_event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calibration_standard_use" ADD CONSTRAINT "calibration_standard_use_standard_id_fkey" FOREIGN KEY ("standard_id") REFERENCES "equipment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
