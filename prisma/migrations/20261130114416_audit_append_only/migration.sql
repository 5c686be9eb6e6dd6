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

-- Roles other than the owner keep only SELECT and INSERT on the trail (a deployment's default
-- privileges may have granted more when the table was created; docs/compliance.md).
DO $$
DECLARE grantee_name text;
BEGIN
  FOR grantee_name IN
    SELECT DISTINCT g.grantee FROM information_schema.role_table_grants g
    JOIN pg_class c ON c.relname = g.table_name AND c.relnamespace = to_regnamespace(g.table_schema)
    WHERE g.table_name = 'audit_event' AND g.table_schema = current_schema()
      AND g.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE') AND g.grantee <> pg_get_userbyid(c.relowner)
  LOOP
    EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ' || CASE WHEN grantee_name = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(grantee_name) END;
  END LOOP;
END;
$$;
