-- Runs once, when the PostgreSQL container initialises an empty volume (docker-entrypoint-initdb.d),
-- as POSTGRES_USER (labkeep), who owns the database and, through the migrate service, every table.
--
-- The app connects as labkeep_app, which owns nothing: it cannot ALTER TABLE … DISABLE TRIGGER,
-- so the audit trail's append-only triggers hold against it (docs/compliance.md). Its password
-- comes from the app_db_password secret (psql reads it with a backtick command).
\set app_password `cat /run/secrets/app_db_password`
CREATE ROLE labkeep_app LOGIN PASSWORD :'app_password';
GRANT CONNECT ON DATABASE labkeep TO labkeep_app;
GRANT USAGE ON SCHEMA public TO labkeep_app;
-- Tables the owner creates later (the migrations) are readable and writable by the app…
ALTER DEFAULT PRIVILEGES FOR ROLE labkeep IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO labkeep_app;
ALTER DEFAULT PRIVILEGES FOR ROLE labkeep IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO labkeep_app;
-- …except audit_event, where the migration audit_append_only takes UPDATE and DELETE back from
-- every role but the owner: the app may only SELECT and INSERT there.
