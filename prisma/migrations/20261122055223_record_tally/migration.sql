-- CreateTable
CREATE TABLE "lab_record_tally" (
    "lab_id" INTEGER NOT NULL,
    "frequency" "Frequency" NOT NULL,
    "completed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "lab_record_tally_pkey" PRIMARY KEY ("lab_id","frequency")
);

-- Keep lab_record_tally exact whatever writes pm_record: one aggregate per statement over its
-- transition tables (no per-row cost for the generator's set-based inserts of open records).
CREATE FUNCTION lab_record_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO lab_record_tally AS t (lab_id, frequency, completed)
    SELECT lab_id, frequency, -count(*) FROM old_rows WHERE status = 'COMPLETED' GROUP BY lab_id, frequency
    ON CONFLICT (lab_id, frequency) DO UPDATE SET completed = t.completed + EXCLUDED.completed;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO lab_record_tally AS t (lab_id, frequency, completed)
    SELECT lab_id, frequency, count(*) FROM new_rows WHERE status = 'COMPLETED' GROUP BY lab_id, frequency
    ON CONFLICT (lab_id, frequency) DO UPDATE SET completed = t.completed + EXCLUDED.completed;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER pm_record_tally_insert AFTER INSERT ON pm_record
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lab_record_tally_apply();
CREATE TRIGGER pm_record_tally_update AFTER UPDATE ON pm_record
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lab_record_tally_apply();
CREATE TRIGGER pm_record_tally_delete AFTER DELETE ON pm_record
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lab_record_tally_apply();

INSERT INTO lab_record_tally (lab_id, frequency, completed)
SELECT lab_id, frequency, count(*) FROM pm_record WHERE status = 'COMPLETED' GROUP BY lab_id, frequency;
