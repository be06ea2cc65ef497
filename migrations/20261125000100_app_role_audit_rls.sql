-- Defence in depth for the desktop app: the app connects as a role that owns nothing,
-- every transaction names its acting user (set_config('sentia.user_id', …, true)), and
-- row-level security turns that user's Sentia role into what the transaction may touch.
-- The Rust permission matrix is the first check; this is the one that still holds when a
-- command forgets it. Owners (the migrator, `sentia seed-demo`) bypass RLS by design:
-- policies are not FORCEd, because maintenance runs as the owner.

-- Roles are cluster-wide while migrations run once per database, so creation must be
-- idempotent, and tolerate two databases migrating at the same moment (parallel tests):
-- the loser of that race gets unique_violation/duplicate_object, which means "exists".
--
-- sentia_app_access (NOLOGIN) holds every privilege; sentia_app is the login role the
-- desktop app uses. IT can create further login roles (one per site, with their own
-- passwords) as members of sentia_app_access without repeating any GRANT.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sentia_app_access') THEN
        CREATE ROLE sentia_app_access NOLOGIN NOINHERIT;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sentia_app') THEN
        -- No password here: IT sets one (ALTER ROLE sentia_app PASSWORD …) where the
        -- server does not use trust/peer authentication. NOBYPASSRLS is the point.
        CREATE ROLE sentia_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS INHERIT;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

DO $$
BEGIN
    IF NOT pg_has_role('sentia_app', 'sentia_app_access', 'MEMBER') THEN
        GRANT sentia_app_access TO sentia_app;
    END IF;
EXCEPTION WHEN unique_violation THEN
    NULL;
END
$$;

-- The acting user of the current transaction, as set by the app. NULL when unset (the
-- owner's maintenance, or the app before login). A malformed value raises, which fails
-- closed.
CREATE FUNCTION sentia_current_user_id() RETURNS uuid
LANGUAGE sql STABLE AS $$
    SELECT NULLIF(current_setting('sentia.user_id', true), '')::uuid
$$;

-- The acting user's role, or NULL when nobody (or an inactive or anonymised user) acts.
-- SECURITY DEFINER so that the users policies can call it without recursing into
-- themselves, with a fixed search_path so that a caller cannot shadow `users`.
CREATE FUNCTION sentia_current_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT u.role FROM users u
    WHERE u.id = sentia_current_user_id() AND u.is_active AND u.anonymized_at IS NULL
$$;

-- Lockout policy, read by sentia_auth_record() below; admins may change them.
INSERT INTO system_settings (category, key, data_type, value_integer, description)
VALUES
    ('security', 'login.max_failed_attempts', 'integer', 5,
     'Consecutive failed logins after which an account is locked.'),
    ('security', 'login.lockout_minutes', 'integer', 15,
     'How long a locked account stays locked, in minutes.')
ON CONFLICT ON CONSTRAINT system_settings_identity_key DO NOTHING;

-- Append-only record of logins, writes to sensitive tables, exports and reads of PII.
-- The app may read it (admins and managers, by policy) but never update or delete it;
-- rows are inserted only by the SECURITY DEFINER functions and triggers below, so the
-- actor comes from the transaction's setting rather than from the caller.
CREATE TABLE audit_log (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    -- clock_timestamp, not now(): several events in one transaction keep their order.
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- The app user who acted; NULL for maintenance by the owner and for failed logins
    -- with an unknown user name. Kept when the user is anonymised (GDPR): the row
    -- then points at the anonymised user, which is the point of never deleting users.
    actor_id    uuid,
    -- Dotted verb, e.g. login.failed, row.update, user.anonymized, data.exported. A
    -- format check rather than a list: later features add their own actions.
    action      varchar(50) NOT NULL,
    -- The table (or feature) and row affected, when there is one.
    entity      varchar(63),
    entity_id   uuid,
    -- What changed. Never holds secrets or PII values: the row trigger writes
    -- "<redacted>" for those columns, and failed logins do not record the name typed.
    details     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- The PostgreSQL login that carried the change (sentia_app, or the owner).
    db_user     name        NOT NULL DEFAULT session_user,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id),
    CONSTRAINT audit_log_action_format_check CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    CONSTRAINT audit_log_details_object_check CHECK (jsonb_typeof(details) = 'object'),
    CONSTRAINT audit_log_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES users (id) ON DELETE RESTRICT
);

-- The admin screen pages newest first; per-user history for investigations.
CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at DESC);
CREATE INDEX audit_log_actor_id_idx ON audit_log (actor_id, occurred_at DESC);

-- Writes an audit row with the transaction's acting user. The app calls this for events
-- that are not row changes (exports, reads of PII); rows cannot be written directly.
CREATE FUNCTION sentia_audit(p_action text, p_entity text, p_entity_id uuid, p_details jsonb)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    INSERT INTO audit_log (actor_id, action, entity, entity_id, details)
    VALUES (sentia_current_user_id(), p_action, p_entity, p_entity_id, COALESCE(p_details, '{}'::jsonb))
$$;

-- Row-change trigger for sensitive tables. Arguments name columns to treat specially:
-- 'redact:<col>' records that the column changed but not its values (PII, secrets);
-- 'ignore:<col>' leaves it out (bookkeeping the login functions update on every attempt,
-- which already have their own login.* rows).
CREATE FUNCTION audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    changes jsonb := '{}'::jsonb;
    col     text;
BEGIN
    IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD) - 'updated_at'; END IF;
    IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW) - 'updated_at'; END IF;
    FOR col IN SELECT jsonb_object_keys(COALESCE(new_row, old_row)) LOOP
        CONTINUE WHEN ('ignore:' || col) = ANY (TG_ARGV);
        IF old_row IS NULL OR new_row IS NULL OR old_row -> col IS DISTINCT FROM new_row -> col THEN
            changes := changes || jsonb_build_object(col,
                CASE WHEN ('redact:' || col) = ANY (TG_ARGV) THEN to_jsonb('<redacted>'::text)
                     WHEN TG_OP = 'UPDATE' THEN jsonb_build_object('old', old_row -> col, 'new', new_row -> col)
                     ELSE COALESCE(new_row, old_row) -> col END);
        END IF;
    END LOOP;
    IF TG_OP = 'UPDATE' AND changes = '{}'::jsonb THEN
        RETURN NULL;
    END IF;
    INSERT INTO audit_log (actor_id, action, entity, entity_id, details)
    VALUES (sentia_current_user_id(), 'row.' || lower(TG_OP), TG_TABLE_NAME,
            (COALESCE(new_row, old_row) ->> 'id')::uuid, changes);
    RETURN NULL;
END;
$$;

CREATE TRIGGER users_audit AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW
    EXECUTE FUNCTION audit_row_change('redact:password_hash', 'redact:email', 'redact:username',
        'redact:display_name', 'ignore:failed_login_count', 'ignore:last_failed_login_at',
        'ignore:locked_until', 'ignore:last_login_at');
CREATE TRIGGER system_settings_audit AFTER INSERT OR UPDATE OR DELETE ON system_settings FOR EACH ROW
    EXECUTE FUNCTION audit_row_change('redact:value_text', 'redact:value_json', 'redact:previous_value');
CREATE TRIGGER markets_audit AFTER INSERT OR UPDATE OR DELETE ON markets FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER products_audit AFTER INSERT OR UPDATE OR DELETE ON products FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER sales_channels_audit AFTER INSERT OR UPDATE OR DELETE ON sales_channels FOR EACH ROW
    EXECUTE FUNCTION audit_row_change('redact:api_credentials_encrypted', 'redact:api_settings');

-- Login runs before there is an acting user, so the app cannot read `users` then (the
-- policies below need one). These two functions are the only way in: the first returns
-- the one candidate row for a name, the second records the outcome atomically (row lock,
-- counter, lock, audit) with the thresholds from system_settings. Password verification
-- itself (argon2id) happens in the app, which never sends the password here.
CREATE FUNCTION sentia_auth_lookup(p_username text)
RETURNS TABLE (
    id uuid, username text, display_name text, role text, permissions jsonb, is_active boolean,
    password_hash text, failed_login_count integer, locked_until timestamptz,
    timezone text, language text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT u.id, u.username::text, u.display_name::text, u.role::text, u.permissions, u.is_active,
           u.password_hash::text, u.failed_login_count, u.locked_until, u.timezone::text,
           u.language::text
    FROM users u
    WHERE lower(u.username) = lower(p_username) AND u.anonymized_at IS NULL
$$;

-- p_outcome: 'succeeded', 'failed' (wrong password, inactive account, or p_user_id NULL
-- for an unknown name) or 'rejected_locked' (right or wrong, the account was locked).
-- Returns the account's locked_until after the attempt (NULL when not locked).
CREATE FUNCTION sentia_auth_record(p_user_id uuid, p_outcome text, p_reason text)
RETURNS timestamptz
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    max_failures integer;
    lock_minutes integer;
    failures     integer;
    lock_end     timestamptz;
BEGIN
    IF p_outcome NOT IN ('succeeded', 'failed', 'rejected_locked') THEN
        RAISE EXCEPTION 'unknown login outcome %', p_outcome USING ERRCODE = '22023';
    END IF;
    IF p_user_id IS NULL THEN
        INSERT INTO audit_log (action, entity, details)
        VALUES ('login.failed', 'users', jsonb_build_object('reason', COALESCE(p_reason, 'unknown_user')));
        RETURN NULL;
    END IF;

    SELECT failed_login_count, locked_until INTO failures, lock_end
    FROM users WHERE id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no user %', p_user_id USING ERRCODE = 'P0002';
    END IF;

    IF p_outcome = 'succeeded' THEN
        UPDATE users SET failed_login_count = 0, locked_until = NULL, last_login_at = now()
        WHERE id = p_user_id;
        INSERT INTO audit_log (actor_id, action, entity, entity_id)
        VALUES (p_user_id, 'login.succeeded', 'users', p_user_id);
        RETURN NULL;
    END IF;

    IF p_outcome = 'rejected_locked' AND lock_end > now() THEN
        INSERT INTO audit_log (actor_id, action, entity, entity_id, details)
        VALUES (p_user_id, 'login.rejected_locked', 'users', p_user_id,
                jsonb_build_object('locked_until', lock_end));
        RETURN lock_end;
    END IF;

    SELECT value_integer INTO max_failures FROM system_settings
    WHERE category = 'security' AND key = 'login.max_failed_attempts' AND scope = 'global'
      AND environment = 'all';
    SELECT value_integer INTO lock_minutes FROM system_settings
    WHERE category = 'security' AND key = 'login.lockout_minutes' AND scope = 'global'
      AND environment = 'all';
    -- Missing settings fall back to the documented policy rather than to "never lock".
    max_failures := COALESCE(max_failures, 5);
    lock_minutes := COALESCE(lock_minutes, 15);

    -- An expired lock starts a fresh count: the user gets the full number of tries again.
    IF lock_end IS NOT NULL AND lock_end <= now() THEN
        failures := 0;
        lock_end := NULL;
    END IF;
    failures := failures + 1;
    IF failures >= max_failures THEN
        lock_end := now() + make_interval(mins => lock_minutes);
    END IF;

    UPDATE users SET failed_login_count = failures, last_failed_login_at = now(),
                     locked_until = lock_end
    WHERE id = p_user_id;
    INSERT INTO audit_log (actor_id, action, entity, entity_id, details)
    VALUES (p_user_id, CASE WHEN lock_end IS NULL THEN 'login.failed' ELSE 'login.locked_out' END,
            'users', p_user_id,
            jsonb_build_object('reason', COALESCE(p_reason, 'wrong_password'), 'failures', failures));
    RETURN lock_end;
END;
$$;

-- Only the app's roles may call the definer functions.
REVOKE EXECUTE ON FUNCTION sentia_current_role(), sentia_audit(text, text, uuid, jsonb),
    sentia_auth_lookup(text), sentia_auth_record(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sentia_current_user_id(), sentia_current_role(),
    sentia_audit(text, text, uuid, jsonb), sentia_auth_lookup(text),
    sentia_auth_record(uuid, text, text) TO sentia_app_access;

GRANT USAGE ON SCHEMA public TO sentia_app_access;

-- Row-level security. Reading needs an acting (active) user; writing business data needs
-- a role that may write (viewer never may); users and settings are admin-only. The
-- role is wrapped in a scalar subquery so that it is evaluated once per statement (an
-- InitPlan), not once per row of a ten-million-row scan.
DO $$
DECLARE
    t text;
BEGIN
    -- Business data: read by everyone logged in, written by admin, manager, analyst.
    FOREACH t IN ARRAY ARRAY['markets', 'products', 'sales_channels', 'historical_sales',
                             'forecasts', 'inventory_levels', 'working_capital', 'resources',
                             'schedules', 'jobs'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO sentia_app_access', t);
        EXECUTE format($p$CREATE POLICY %I ON %I FOR SELECT TO sentia_app_access
                          USING ((SELECT sentia_current_role()) IS NOT NULL)$p$, t || '_read', t);
        EXECUTE format($p$CREATE POLICY %I ON %I FOR ALL TO sentia_app_access
                          USING ((SELECT sentia_current_role()) IN ('admin', 'manager', 'analyst'))
                          WITH CHECK ((SELECT sentia_current_role()) IN ('admin', 'manager', 'analyst'))$p$,
                       t || '_write', t);
    END LOOP;
    -- Administration: read by everyone logged in (names for created_by, own profile,
    -- settings the UI needs), written by admin only. Users are never deleted.
    FOREACH t IN ARRAY ARRAY['users', 'system_settings', 'system_settings_history'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO sentia_app_access', t);
        EXECUTE format($p$CREATE POLICY %I ON %I FOR SELECT TO sentia_app_access
                          USING ((SELECT sentia_current_role()) IS NOT NULL)$p$, t || '_read', t);
        EXECUTE format($p$CREATE POLICY %I ON %I FOR ALL TO sentia_app_access
                          USING ((SELECT sentia_current_role()) = 'admin')
                          WITH CHECK ((SELECT sentia_current_role()) = 'admin')$p$, t || '_write', t);
    END LOOP;
END
$$;

-- The audit log: read by admins and managers (the matrix's audit.view), never written
-- directly (see sentia_audit()).
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON audit_log TO sentia_app_access;
CREATE POLICY audit_log_read ON audit_log FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_current_role()) IN ('admin', 'manager'));

-- The connection wizard compares the applied migrations with the app's own list.
DO $$
BEGIN
    IF to_regclass('public._sqlx_migrations') IS NOT NULL THEN
        GRANT SELECT ON public._sqlx_migrations TO sentia_app_access;
    END IF;
END
$$;

-- Tables added by later migrations are readable (RLS still applies once they enable
-- it); writes must be granted explicitly together with their policies.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO sentia_app_access;
