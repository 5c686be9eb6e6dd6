-- AlterTable
ALTER TABLE "audit_event" ADD COLUMN     "key_id" TEXT;

-- R-TRAIL: the audit trail is append-only in the database itself. UPDATE, DELETE and TRUNCATE
-- of audit_event raise an error for every role. Only the table's owner (or a superuser) can
-- lift this with ALTER TABLE audit_event DISABLE TRIGGER, which is why production runs the app
-- as a role that does not own the tables (docs/compliance.md).
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'The audit trail cannot be changed or removed (docs/compliance.md).';
END;
$$;

CREATE TRIGGER audit_event_no_update_delete
  BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();

CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
