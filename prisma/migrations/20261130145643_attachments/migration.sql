-- CreateTable
CREATE TABLE "file_blob" (
    "id" SERIAL NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "file_blob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachment" (
    "id" SERIAL NOT NULL,
    "parent_kind" VARCHAR(32) NOT NULL,
    "parent_id" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "content_type" VARCHAR(100) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "storage_key" TEXT NOT NULL,
    "uploaded_by_id" INTEGER,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,
    "superseded_by_id" INTEGER,

    CONSTRAINT "attachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "file_blob_sha256_key" ON "file_blob"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "attachment_superseded_by_id_key" ON "attachment"("superseded_by_id");

-- CreateIndex
CREATE INDEX "attachment_parent_kind_parent_id_idx" ON "attachment"("parent_kind", "parent_id");

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_uploaded_by_id_fkey" FOREIGN KEY ("uploaded_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_superseded_by_id_fkey" FOREIGN KEY ("superseded_by_id") REFERENCES "attachment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- R-FILE: a file attached to a regulated record is never destroyed. file_blob rows are
-- write-once; attachment rows can only gain a superseded_by_id (once), nothing else changes.
CREATE FUNCTION file_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Nested: OLD and NEW exist only for row-level UPDATE.
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'attachment' THEN
    IF OLD.superseded_by_id IS NULL AND NEW.superseded_by_id IS NOT NULL
       AND (NEW.id, NEW.parent_kind, NEW.parent_id, NEW.name, NEW.content_type, NEW.size_bytes, NEW.sha256, NEW.storage_key, NEW.uploaded_by_id, NEW.uploaded_at)
           IS NOT DISTINCT FROM (OLD.id, OLD.parent_kind, OLD.parent_id, OLD.name, OLD.content_type, OLD.size_bytes, OLD.sha256, OLD.storage_key, OLD.uploaded_by_id, OLD.uploaded_at) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% is write-once: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'Attached files are kept; a newer file may supersede one (docs/files.md).';
END;
$$;

CREATE TRIGGER file_blob_write_once BEFORE UPDATE OR DELETE ON "file_blob"
  FOR EACH ROW EXECUTE FUNCTION file_write_once();
CREATE TRIGGER file_blob_no_truncate BEFORE TRUNCATE ON "file_blob"
  FOR EACH STATEMENT EXECUTE FUNCTION file_write_once();
CREATE TRIGGER attachment_write_once BEFORE UPDATE OR DELETE ON "attachment"
  FOR EACH ROW EXECUTE FUNCTION file_write_once();
CREATE TRIGGER attachment_no_truncate BEFORE TRUNCATE ON "attachment"
  FOR EACH STATEMENT EXECUTE FUNCTION file_write_once();
