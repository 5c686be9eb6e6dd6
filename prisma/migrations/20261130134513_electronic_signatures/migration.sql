-- CreateEnum
CREATE TYPE "SignatureMeaning" AS ENUM ('PERFORMED', 'REVIEWED', 'APPROVED');

-- CreateTable
CREATE TABLE "signature" (
    "id" SERIAL NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "lab_id" INTEGER,
    "meaning" "SignatureMeaning" NOT NULL,
    "signer_id" INTEGER NOT NULL,
    "signer_name" TEXT NOT NULL,
    "signer_upn" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "content_hash" CHAR(64) NOT NULL,
    "auth_time" TIMESTAMPTZ(3) NOT NULL,
    "auth_method" TEXT NOT NULL,
    "source" "AuditSource" NOT NULL,

    CONSTRAINT "signature_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "signature_subject_type_subject_id_idx" ON "signature"("subject_type", "subject_id");

-- CreateIndex
CREATE INDEX "signature_signer_id_signed_at_idx" ON "signature"("signer_id", "signed_at");

-- AddForeignKey
ALTER TABLE "signature" ADD CONSTRAINT "signature_signer_id_fkey" FOREIGN KEY ("signer_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- R-SIGN: a signature, once made, is never changed or removed (a later change of the signed
-- content shows as a mismatch instead). Same protection as the audit trail.
CREATE FUNCTION signature_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'signature is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'Electronic signatures cannot be changed or removed (docs/compliance.md).';
END;
$$;

CREATE TRIGGER signature_no_update_delete
  BEFORE UPDATE OR DELETE ON "signature"
  FOR EACH ROW EXECUTE FUNCTION signature_append_only();

CREATE TRIGGER signature_no_truncate
  BEFORE TRUNCATE ON "signature"
  FOR EACH STATEMENT EXECUTE FUNCTION signature_append_only();
