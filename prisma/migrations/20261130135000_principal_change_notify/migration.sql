-- Every change to what a principal is made of (the user row's status, name, primary lab and
-- directory grants; the user's in-app grants) is announced on the channel labkeep_principal
-- with the user's id, committed or not at all (NOTIFY is transactional). The server caches
-- resolved principals and drops a user's entry when this arrives (domain/user/principal-cache.ts),
-- so disabling a user or revoking a grant takes effect on the next request, from any writer.
CREATE FUNCTION labkeep_principal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_user integer;
  affected record;
BEGIN
  IF TG_OP = 'DELETE' THEN affected := OLD; ELSE affected := NEW; END IF;
  IF TG_TABLE_NAME = 'app_user' THEN
    changed_user := affected.id;
  ELSE
    changed_user := affected.user_id;
  END IF;
  PERFORM pg_notify('labkeep_principal', changed_user::text);
  RETURN NULL;
END;
$$;

CREATE TRIGGER app_user_principal_changed
  AFTER UPDATE OF status, display_name, primary_lab_id, directory_grants, aad_object_id OR DELETE ON "app_user"
  FOR EACH ROW EXECUTE FUNCTION labkeep_principal_changed();

CREATE TRIGGER lab_access_principal_changed
  AFTER INSERT OR UPDATE OR DELETE ON "lab_access"
  FOR EACH ROW EXECUTE FUNCTION labkeep_principal_changed();

-- A truncate (tests, a restore) changes everyone: announced as the empty payload.
CREATE FUNCTION labkeep_principals_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('labkeep_principal', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER app_user_principals_truncated AFTER TRUNCATE ON "app_user"
  FOR EACH STATEMENT EXECUTE FUNCTION labkeep_principals_truncated();
CREATE TRIGGER lab_access_principals_truncated AFTER TRUNCATE ON "lab_access"
  FOR EACH STATEMENT EXECUTE FUNCTION labkeep_principals_truncated();
