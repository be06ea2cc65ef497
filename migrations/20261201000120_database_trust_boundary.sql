-- The database is the trust boundary. Every workstation holds the `sentia_app` credential,
-- so anyone at one can open psql as that role; what they can then do is decided here,
-- not by the Rust checks. This migration replaces the client-claimed identity of 0100
-- (`set_config('sentia.user_id', …)`) with sessions the database issues itself:
--
-- * Login is verified server-side. The client derives an argon2id key from the password
--   with the salt and parameters the server hands out (`sentia_auth_challenge`); the
--   server stores only SHA-256 of that key and compares digests. The password never
--   leaves the workstation, the stored value is useless for logging in, and a guess
--   still costs one argon2id evaluation. Unknown names get a stable fake salt, so the
--   challenge does not tell which names exist.
-- * A successful login returns an unguessable token; only its SHA-256 is stored. Each
--   transaction presents it (`set_config('sentia.session', token, true)`), and RLS and
--   audit derive the acting user from it. Setting any other variable achieves nothing.
-- * Lockout is decided here, with the server's clock; unknown names are throttled like
--   real ones, so five tries reveal nothing about which names exist.
-- * Policies follow the permission matrix of `crates/domain/src/permissions.rs`, per-user
--   overrides included, through `sentia_has_permission`.
-- * Definer functions are owned by `sentia_definer` (no login, no superuser) and search
--   `pg_temp` last; nobody but the owner may create temporary tables.

-- 1. The owner of every definer function -----------------------------------------------

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sentia_definer') THEN
        CREATE ROLE sentia_definer NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
GRANT USAGE ON SCHEMA public TO sentia_definer;

-- Temporary tables would shadow `users` or `audit_log` inside definer functions called by
-- the app role (pg_temp is searched first unless named last): revoke them outright.
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM sentia_app_access, sentia_app',
                   current_database());
END
$$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Tables are granted explicitly with their policies from here on, never by default.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM sentia_app_access;

-- 2. The permission matrix, mirrored -----------------------------------------------------

-- The rows of `MATRIX` in crates/domain/src/permissions.rs. A Rust test compares the two,
-- so a permission added in code without a row here fails CI.
CREATE TABLE role_permissions (
    role       varchar(20) NOT NULL,
    permission varchar(50) NOT NULL,
    CONSTRAINT role_permissions_pkey PRIMARY KEY (role, permission),
    CONSTRAINT role_permissions_role_check CHECK (role IN ('admin', 'manager', 'analyst', 'viewer'))
);
INSERT INTO role_permissions (role, permission)
SELECT r, p FROM unnest(ARRAY['admin', 'manager', 'analyst', 'viewer']) r,
     unnest(ARRAY['dashboard.view', 'data.export']) p
UNION ALL
SELECT r, p FROM unnest(ARRAY['admin', 'manager', 'analyst']) r,
     unnest(ARRAY['data.import', 'forecast.run', 'working_capital.view', 'scenario.edit',
                  'layout.save']) p
UNION ALL
SELECT r, p FROM unnest(ARRAY['admin', 'manager']) r,
     unnest(ARRAY['forecast.approve', 'admin.view', 'audit.view']) p
UNION ALL
SELECT 'admin', p FROM unnest(ARRAY['users.manage', 'settings.manage']) p;

-- 3. Credentials, sessions and throttling -------------------------------------------------

-- One random secret per database, for the fake salts of unknown user names.
CREATE TABLE server_secret (
    singleton boolean NOT NULL DEFAULT true,
    secret    bytea   NOT NULL,
    CONSTRAINT server_secret_pkey PRIMARY KEY (singleton),
    CONSTRAINT server_secret_singleton_check CHECK (singleton)
);
-- gen_random_uuid() draws from the server's strong random source: 244 random bits.
INSERT INTO server_secret (secret)
VALUES (sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())));

-- users.password_hash now holds 'v1:<challenge>:<hex SHA-256 of the argon2id key>', where
-- <challenge> is the PHC string without its hash ('$argon2id$v=19$m=…,t=…,p=…$<salt>').
-- A standard argon2id PHC string written by the owner (demo seed, IT's scripts) is turned
-- into that form on the way in: its hash *is* the key, so no password is needed.
CREATE FUNCTION password_verifier(p_phc text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    parts text[];
    hash  text;
BEGIN
    parts := regexp_match(p_phc,
        '^(\$argon2id\$v=19\$m=[0-9]{1,7},t=[0-9]{1,2},p=[0-9]{1,2}\$[A-Za-z0-9+/]{11,64})\$([A-Za-z0-9+/]{22,86})$');
    IF parts IS NULL THEN
        RAISE EXCEPTION 'not an argon2id PHC string'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'users_password_hash_format_check';
    END IF;
    hash := parts[2] || repeat('=', (4 - length(parts[2]) % 4) % 4);
    RETURN 'v1:' || parts[1] || ':' || encode(sha256(decode(hash, 'base64')), 'hex');
END;
$$;

CREATE FUNCTION users_store_verifier() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.password_hash IS NOT NULL AND NEW.password_hash NOT LIKE 'v1:%' THEN
        NEW.password_hash := password_verifier(NEW.password_hash);
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER users_store_verifier BEFORE INSERT OR UPDATE OF password_hash ON users
    FOR EACH ROW EXECUTE FUNCTION users_store_verifier();
UPDATE users SET password_hash = password_hash WHERE password_hash NOT LIKE 'v1:%';
ALTER TABLE users ADD CONSTRAINT users_password_hash_format_check
    CHECK (password_hash ~ '^v1:\$argon2id\$[^:]+:[0-9a-f]{64}$');

-- An admin's reset: the user must choose a new password at the next sign-in.
ALTER TABLE users ADD COLUMN password_reset_required boolean NOT NULL DEFAULT false;

CREATE TABLE user_sessions (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id        uuid        NOT NULL,
    -- SHA-256 of the token; the token itself exists only in the client's memory.
    token_hash     bytea       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason varchar(40),
    CONSTRAINT user_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT user_sessions_token_hash_key UNIQUE (token_hash),
    CONSTRAINT user_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT
);
CREATE INDEX user_sessions_user_id_idx ON user_sessions (user_id) WHERE revoked_at IS NULL;

-- Failed logins for names that match no account, keyed by a keyed digest of the name
-- (never the name: people type passwords into the name field).
CREATE TABLE login_throttle (
    name_digest          bytea       NOT NULL,
    failed_login_count   integer     NOT NULL DEFAULT 0,
    last_failed_login_at timestamptz,
    locked_until         timestamptz,
    CONSTRAINT login_throttle_pkey PRIMARY KEY (name_digest)
);

INSERT INTO system_settings (category, key, data_type, value_integer, description)
VALUES ('security', 'password.min_length', 'integer', 12,
        'Shortest password a user may choose.')
ON CONFLICT ON CONSTRAINT system_settings_identity_key DO NOTHING;

-- 4. Identity -----------------------------------------------------------------------------

-- The acting user: the owner of the live session whose token this transaction presented.
CREATE OR REPLACE FUNCTION sentia_current_user_id() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT s.user_id
    FROM user_sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = sha256(convert_to(NULLIF(current_setting('sentia.session', true), ''), 'UTF8'))
      AND s.revoked_at IS NULL AND s.expires_at > now()
      AND u.is_active AND u.anonymized_at IS NULL
$$;

CREATE OR REPLACE FUNCTION sentia_current_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT u.role FROM users u WHERE u.id = sentia_current_user_id()
$$;

-- Whether the acting user holds a permission: the override in users.permissions when
-- there is one, else the role's row of the matrix. False when nobody acts.
CREATE FUNCTION sentia_has_permission(p_permission text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT COALESCE((
        SELECT CASE WHEN jsonb_typeof(u.permissions -> p_permission) = 'boolean'
                    THEN (u.permissions ->> p_permission)::boolean
                    ELSE EXISTS (SELECT 1 FROM role_permissions rp
                                 WHERE rp.role = u.role AND rp.permission = p_permission)
               END
        FROM users u WHERE u.id = sentia_current_user_id()), false)
$$;

-- True for maintenance: the table owner or a superuser, with no app session. Guards
-- below skip their checks then (the demo seed writes approved forecasts as the owner).
CREATE FUNCTION sentia_is_maintenance(p_table regclass) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper)
        OR EXISTS (SELECT 1 FROM pg_class WHERE oid = p_table
                   AND relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user))
$$;

-- 5. Login, passwords, sessions ------------------------------------------------------------

DROP FUNCTION sentia_auth_lookup(text);
DROP FUNCTION sentia_auth_record(uuid, text, text);

CREATE FUNCTION sentia_login_setting(p_key text, p_default integer) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT COALESCE((SELECT value_integer::integer FROM system_settings
                     WHERE category = 'security' AND key = p_key AND scope = 'global'
                       AND environment = 'all'), p_default)
$$;

CREATE FUNCTION sentia_name_digest(p_username text) RETURNS bytea
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT sha256((SELECT secret FROM server_secret) || convert_to(lower(p_username), 'UTF8'))
$$;

-- The password rules' one number, readable before sign-in (the change-password form
-- on the sign-in screen needs it).
CREATE FUNCTION sentia_password_min_length() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT sentia_login_setting('password.min_length', 12)
$$;

-- The salt and argon2id parameters to derive a login key with. Unknown names get a fake
-- salt that is stable per name, so the answer looks the same for every name.
CREATE FUNCTION sentia_auth_challenge(p_username text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT COALESCE(
        (SELECT split_part(u.password_hash, ':', 2) FROM users u
         WHERE lower(u.username) = lower(p_username) AND u.anonymized_at IS NULL
           AND u.password_hash IS NOT NULL),
        '$argon2id$v=19$m=19456,t=2,p=1$'
            || rtrim(encode(substr(sentia_name_digest(p_username), 1, 16), 'base64'), '='))
$$;

-- Checks a login key under the lockout policy, with the server's clock, and records the
-- outcome: 'ok', 'wrong' (unknown name, wrong key or inactive account: one answer) or
-- 'locked' (the account, or the unknown name, is locked; a right key does not open it).
-- Not callable by the app: sentia_login and sentia_change_password wrap it.
CREATE FUNCTION sentia_authenticate(p_username text, p_key bytea,
                                    OUT outcome text, OUT user_id uuid, OUT locked_until timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
DECLARE
    max_failures integer := sentia_login_setting('login.max_failed_attempts', 5);
    lock_minutes integer := sentia_login_setting('login.lockout_minutes', 15);
    u            users%ROWTYPE;
    t            login_throttle%ROWTYPE;
    digest       bytea := sentia_name_digest(p_username);
    key_digest   bytea := sha256(COALESCE(p_key, '\x'::bytea));
    matches      boolean;
    failures     integer;
BEGIN
    SELECT * INTO u FROM users
    WHERE lower(username) = lower(p_username) AND anonymized_at IS NULL FOR UPDATE;

    IF NOT FOUND THEN
        INSERT INTO login_throttle (name_digest) VALUES (digest) ON CONFLICT DO NOTHING;
        SELECT * INTO t FROM login_throttle WHERE name_digest = digest FOR UPDATE;
        IF t.locked_until > now() THEN
            INSERT INTO audit_log (action, entity, details)
            VALUES ('login.rejected_locked', 'users', '{"reason": "unknown_user"}');
            outcome := 'locked'; locked_until := t.locked_until;
            RETURN;
        END IF;
        failures := CASE WHEN t.locked_until IS NOT NULL THEN 0 ELSE t.failed_login_count END + 1;
        locked_until := CASE WHEN failures >= max_failures
                             THEN now() + make_interval(mins => lock_minutes) END;
        UPDATE login_throttle SET failed_login_count = failures, last_failed_login_at = now(),
                                  locked_until = sentia_authenticate.locked_until
        WHERE name_digest = digest;
        INSERT INTO audit_log (action, entity, details)
        VALUES ('login.failed', 'users', jsonb_build_object('reason', 'unknown_user'));
        outcome := CASE WHEN locked_until IS NULL THEN 'wrong' ELSE 'locked' END;
        RETURN;
    END IF;

    user_id := u.id;
    matches := u.password_hash IS NOT NULL
               AND key_digest = decode(split_part(u.password_hash, ':', 3), 'hex');
    IF u.locked_until > now() THEN
        INSERT INTO audit_log (actor_id, action, entity, entity_id, details)
        VALUES (u.id, 'login.rejected_locked', 'users', u.id,
                jsonb_build_object('locked_until', u.locked_until));
        outcome := 'locked'; locked_until := u.locked_until;
        RETURN;
    END IF;

    IF matches AND u.is_active THEN
        UPDATE users SET failed_login_count = 0, locked_until = NULL WHERE id = u.id;
        outcome := 'ok';
        RETURN;
    END IF;

    -- An expired lock starts a fresh count: the user gets the full number of tries again.
    failures := CASE WHEN u.locked_until IS NOT NULL THEN 0 ELSE u.failed_login_count END + 1;
    locked_until := CASE WHEN failures >= max_failures
                         THEN now() + make_interval(mins => lock_minutes) END;
    UPDATE users SET failed_login_count = failures, last_failed_login_at = now(),
                     locked_until = sentia_authenticate.locked_until
    WHERE id = u.id;
    INSERT INTO audit_log (actor_id, action, entity, entity_id, details)
    VALUES (u.id, CASE WHEN locked_until IS NULL THEN 'login.failed' ELSE 'login.locked_out' END,
            'users', u.id,
            jsonb_build_object('reason', CASE WHEN matches THEN 'inactive' ELSE 'wrong_password' END,
                               'failures', failures));
    outcome := CASE WHEN locked_until IS NULL THEN 'wrong' ELSE 'locked' END;
END;
$$;

-- What a sign-in returns. The token is only set for outcome 'ok'.
CREATE TYPE sentia_login_result AS (
    outcome      text,
    locked_until timestamptz,
    session_token text,
    expires_at   timestamptz,
    user_id      uuid,
    username     text,
    display_name text,
    role         text,
    permissions  jsonb,
    timezone     text,
    language     text
);

-- Issues a session for a user whose key was just verified. Admins' sessions last 4 hours,
-- everyone else's 8 (domain brief §3).
CREATE FUNCTION sentia_open_session(p_user_id uuid) RETURNS sentia_login_result
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
DECLARE
    token  text := encode(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'hex');
    u      users%ROWTYPE;
    result sentia_login_result;
BEGIN
    SELECT * INTO u FROM users WHERE id = p_user_id;
    result.expires_at := now() + CASE WHEN u.role = 'admin' THEN interval '4 hours'
                                      ELSE interval '8 hours' END;
    INSERT INTO user_sessions (user_id, token_hash, expires_at)
    VALUES (u.id, sha256(convert_to(token, 'UTF8')), result.expires_at);
    UPDATE users SET last_login_at = now() WHERE id = u.id;
    INSERT INTO audit_log (actor_id, action, entity, entity_id)
    VALUES (u.id, 'login.succeeded', 'users', u.id);
    result.outcome := 'ok';
    result.session_token := token;
    result.user_id := u.id;
    result.username := u.username;
    result.display_name := u.display_name;
    result.role := u.role;
    result.permissions := u.permissions;
    result.timezone := u.timezone;
    result.language := u.language;
    RETURN result;
END;
$$;

-- Sign-in. Outcomes: 'ok' (with a session), 'wrong', 'locked', 'password_change_required'
-- (the key was right, but an admin reset the password: call sentia_change_password).
CREATE FUNCTION sentia_login(p_username text, p_key bytea) RETURNS sentia_login_result
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
DECLARE
    a      record;
    result sentia_login_result;
BEGIN
    SELECT * INTO a FROM sentia_authenticate(p_username, p_key);
    IF a.outcome <> 'ok' THEN
        result.outcome := a.outcome;
        result.locked_until := a.locked_until;
        RETURN result;
    END IF;
    IF (SELECT password_reset_required FROM users WHERE id = a.user_id) THEN
        result.outcome := 'password_change_required';
        RETURN result;
    END IF;
    RETURN sentia_open_session(a.user_id);
END;
$$;

-- Writes a new password (as an argon2id PHC string, converted to a verifier on the way
-- in) and ends every session of the user: a changed or reset password signs out
-- everywhere.
CREATE FUNCTION sentia_store_password(p_user_id uuid, p_new_phc text, p_reset_required boolean)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
BEGIN
    UPDATE users SET password_hash = password_verifier(p_new_phc), password_changed_at = now(),
                     password_reset_required = p_reset_required,
                     failed_login_count = 0, locked_until = NULL
    WHERE id = p_user_id AND anonymized_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such user' USING ERRCODE = 'no_data_found';
    END IF;
    UPDATE user_sessions SET revoked_at = now(), revoked_reason = 'password_changed'
    WHERE user_id = p_user_id AND revoked_at IS NULL;
END;
$$;

-- A user changes their own password: the old one is required (and checked under the
-- lockout policy, like a sign-in). Also how a user completes an admin's reset. Returns a
-- fresh session on success. The length and user-name rules are applied by the client,
-- which alone sees the password (security.password.min_length).
CREATE FUNCTION sentia_change_password(p_username text, p_old_key bytea, p_new_phc text)
RETURNS sentia_login_result
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
DECLARE
    a      record;
    result sentia_login_result;
BEGIN
    SELECT * INTO a FROM sentia_authenticate(p_username, p_old_key);
    IF a.outcome <> 'ok' THEN
        result.outcome := a.outcome;
        result.locked_until := a.locked_until;
        RETURN result;
    END IF;
    PERFORM sentia_store_password(a.user_id, p_new_phc, false);
    INSERT INTO audit_log (actor_id, action, entity, entity_id)
    VALUES (a.user_id, 'password.changed', 'users', a.user_id);
    RETURN sentia_open_session(a.user_id);
END;
$$;

CREATE FUNCTION sentia_require(p_permission text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER AS $$
BEGIN
    IF NOT sentia_has_permission(p_permission) THEN
        RAISE EXCEPTION 'permission % required', p_permission USING ERRCODE = 'insufficient_privilege';
    END IF;
END;
$$;

-- An admin sets a temporary password; the user must replace it at the next sign-in.
CREATE FUNCTION sentia_reset_password(p_user_id uuid, p_new_phc text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
BEGIN
    PERFORM sentia_require('users.manage');
    PERFORM sentia_store_password(p_user_id, p_new_phc, true);
    INSERT INTO audit_log (actor_id, action, entity, entity_id)
    VALUES (sentia_current_user_id(), 'password.reset', 'users', p_user_id);
END;
$$;

-- An admin lifts a lock (and the failure count) before it expires.
CREATE FUNCTION sentia_unlock_user(p_user_id uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
BEGIN
    PERFORM sentia_require('users.manage');
    UPDATE users SET failed_login_count = 0, locked_until = NULL, updated_by = sentia_current_user_id()
    WHERE id = p_user_id AND anonymized_at IS NULL;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO audit_log (actor_id, action, entity, entity_id)
    VALUES (sentia_current_user_id(), 'user.unlocked', 'users', p_user_id);
    RETURN true;
END;
$$;

-- Sign-out: the presented session ends now.
CREATE FUNCTION sentia_logout() RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER AS $$
    UPDATE user_sessions SET revoked_at = now(), revoked_reason = 'logout'
    WHERE token_hash = sha256(convert_to(NULLIF(current_setting('sentia.session', true), ''), 'UTF8'))
      AND revoked_at IS NULL
$$;

-- The admin list, with e-mail addresses: the only way to read them, and audited.
CREATE FUNCTION sentia_list_users() RETURNS TABLE (
    id uuid, username text, email text, display_name text, role text, permissions jsonb,
    is_active boolean, failed_login_count integer, locked_until timestamptz,
    last_login_at timestamptz, anonymized_at timestamptz, timezone text, language text,
    created_at timestamptz, password_reset_required boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
BEGIN
    PERFORM sentia_require('admin.view');
    INSERT INTO audit_log (actor_id, action, entity, details)
    VALUES (sentia_current_user_id(), 'pii.read', 'users',
            jsonb_build_object('fields', jsonb_build_array('email'),
                               'rows', (SELECT count(*) FROM users)));
    RETURN QUERY
        SELECT u.id, u.username::text, u.email::text, u.display_name::text, u.role::text,
               u.permissions, u.is_active, u.failed_login_count, u.locked_until,
               u.last_login_at, u.anonymized_at, u.timezone::text, u.language::text,
               u.created_at, u.password_reset_required
        FROM users u ORDER BY lower(u.username);
END;
$$;

-- GDPR erasure of a departed user: everything personal goes (names, address, password,
-- time zone, language, sign-in times, sessions, their own settings); the row stays, so
-- created_by and audit references still resolve, to a pseudonym. The audit log keeps its
-- rows (the record of who did what is kept by law), which then name nobody.
CREATE FUNCTION sentia_anonymize_user(p_user_id uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
BEGIN
    PERFORM sentia_require('users.manage');
    UPDATE users SET username = 'deleted-' || id::text,
                     email = 'deleted-' || id::text || '@invalid.invalid',
                     display_name = NULL, password_hash = NULL, password_changed_at = NULL,
                     password_reset_required = false, permissions = '{}'::jsonb,
                     is_active = false, failed_login_count = 0, last_failed_login_at = NULL,
                     locked_until = NULL, last_login_at = NULL, timezone = DEFAULT,
                     language = DEFAULT, anonymized_at = now(),
                     updated_by = sentia_current_user_id()
    WHERE id = p_user_id AND anonymized_at IS NULL;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    DELETE FROM system_settings WHERE scope = 'user' AND scope_id = p_user_id;
    DELETE FROM user_sessions WHERE user_id = p_user_id;
    INSERT INTO audit_log (actor_id, action, entity, entity_id)
    VALUES (sentia_current_user_id(), 'user.anonymized', 'users', p_user_id);
    RETURN true;
END;
$$;

-- A subject access request: everything Sentia holds about one person, as one JSON
-- document (no password data), audited. NULL for an unknown id.
CREATE FUNCTION sentia_export_user_data(p_user_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
DECLARE
    doc jsonb;
BEGIN
    PERFORM sentia_require('users.manage');
    SELECT jsonb_build_object(
        'user', to_jsonb(u) - 'password_hash',
        'settings', (SELECT COALESCE(jsonb_agg(to_jsonb(s) ORDER BY s.category, s.key), '[]')
                     FROM system_settings s WHERE s.scope = 'user' AND s.scope_id = u.id),
        'sessions', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                         'createdAt', ss.created_at, 'expiresAt', ss.expires_at,
                         'revokedAt', ss.revoked_at, 'revokedReason', ss.revoked_reason)
                         ORDER BY ss.created_at), '[]')
                     FROM user_sessions ss WHERE ss.user_id = u.id),
        'auditTrail', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                           'occurredAt', a.occurred_at, 'action', a.action, 'entity', a.entity,
                           'entityId', a.entity_id, 'details', a.details)
                           ORDER BY a.occurred_at), '[]')
                       FROM audit_log a
                       WHERE a.actor_id = u.id OR (a.entity = 'users' AND a.entity_id = u.id)),
        'forecastDecisions', jsonb_build_object(
            'created', (SELECT count(*) FROM forecasts f WHERE f.created_by = u.id),
            'submitted', (SELECT count(*) FROM forecasts f WHERE f.submitted_by = u.id),
            'approved', (SELECT count(*) FROM forecasts f WHERE f.approved_by = u.id),
            'rejected', (SELECT count(*) FROM forecasts f WHERE f.rejected_by = u.id)))
    INTO doc
    FROM users u WHERE u.id = p_user_id;
    IF doc IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO audit_log (actor_id, action, entity, entity_id)
    VALUES (sentia_current_user_id(), 'pii.exported', 'users', p_user_id);
    RETURN doc;
END;
$$;

-- Events that are not row changes (exports, …), written for the acting user. Actions
-- that the database records itself (logins, passwords, row changes, PII reads, user
-- administration) cannot be written this way, so they cannot be forged.
CREATE OR REPLACE FUNCTION sentia_audit(p_action text, p_entity text, p_entity_id uuid, p_details jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
BEGIN
    IF sentia_current_user_id() IS NULL THEN
        RAISE EXCEPTION 'no session' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_action ~ '^(login|password|row|pii|user|session)\.' THEN
        RAISE EXCEPTION 'audit action % is recorded by the database itself', p_action
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO audit_log (actor_id, action, entity, entity_id, details)
    VALUES (sentia_current_user_id(), p_action, p_entity, p_entity_id, COALESCE(p_details, '{}'::jsonb));
END;
$$;

-- 6. Decisions and deletes ------------------------------------------------------------------

-- Only forecast.approve moves a forecast to approved or rejected, and the decider is the
-- acting user whatever the client wrote. An approved forecast is never deleted or
-- rewritten: it is superseded (superseded_by/at) and its actual demand filled in.
CREATE FUNCTION forecasts_guard_decision() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    acting uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'approved' THEN
            RAISE EXCEPTION 'an approved forecast cannot be deleted, only superseded'
                USING ERRCODE = 'integrity_constraint_violation',
                      CONSTRAINT = 'forecasts_approved_kept_check';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'approved'
       AND (to_jsonb(NEW) - ARRAY['superseded_by', 'superseded_at', 'actual_demand', 'updated_at'])
           IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['superseded_by', 'superseded_at', 'actual_demand', 'updated_at']) THEN
        RAISE EXCEPTION 'an approved forecast cannot be changed, only superseded'
            USING ERRCODE = 'integrity_constraint_violation',
                  CONSTRAINT = 'forecasts_approved_kept_check';
    END IF;
    IF sentia_is_maintenance(TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF NEW.status IN ('approved', 'rejected')
       AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) THEN
        IF NOT sentia_has_permission('forecast.approve') THEN
            RAISE EXCEPTION 'permission forecast.approve required' USING ERRCODE = 'insufficient_privilege';
        END IF;
        acting := sentia_current_user_id();
        IF NEW.status = 'approved' THEN
            NEW.approved_by := acting;
        ELSE
            NEW.rejected_by := acting;
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER forecasts_guard_decision BEFORE INSERT OR UPDATE OR DELETE ON forecasts
    FOR EACH ROW EXECUTE FUNCTION forecasts_guard_decision();

-- Every update and delete of business rows is audited (inserts of the big tables are
-- traced by their import or model run). The tables audited in full since 0100/0110 keep
-- their triggers.
DROP TRIGGER forecasts_status_audit ON forecasts;
CREATE TRIGGER forecasts_audit AFTER UPDATE OR DELETE ON forecasts FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER historical_sales_audit AFTER UPDATE OR DELETE ON historical_sales FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER inventory_levels_audit AFTER UPDATE OR DELETE ON inventory_levels FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER resources_audit AFTER INSERT OR UPDATE OR DELETE ON resources FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER schedules_audit AFTER INSERT OR UPDATE OR DELETE ON schedules FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER jobs_audit AFTER UPDATE OR DELETE ON jobs FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();
-- A truncate removes rows without row triggers: record that it happened and by whom.
CREATE FUNCTION audit_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    INSERT INTO audit_log (actor_id, action, entity) VALUES (sentia_current_user_id(), 'table.truncated', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['historical_sales', 'forecasts', 'inventory_levels', 'working_capital',
                             'resources', 'schedules', 'jobs', 'markets', 'products', 'sales_channels',
                             'system_settings'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT
                        EXECUTE FUNCTION audit_truncate()', t || '_audit_truncate', t);
    END LOOP;
END
$$;

-- Settings history is written by its trigger alone, whoever changes a setting.
ALTER FUNCTION system_settings_write_history() SECURITY DEFINER;

-- 7. Grants and policies ------------------------------------------------------------------

DO $$
DECLARE
    t text;
    p record;
BEGIN
    -- Start from nothing: every grant and policy of 0100–0104 is replaced below.
    FOR p IN SELECT policyname, tablename FROM pg_policies WHERE schemaname = 'public' LOOP
        EXECUTE format('DROP POLICY %I ON %I', p.policyname, p.tablename);
    END LOOP;
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format('REVOKE ALL ON %I FROM sentia_app_access, sentia_app, PUBLIC', t);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    END LOOP;
END
$$;

-- The owner of the definer functions reaches exactly what they touch, through policies
-- of its own (it is no superuser and does not bypass RLS).
GRANT SELECT, INSERT, UPDATE ON users, user_sessions, login_throttle TO sentia_definer;
GRANT DELETE ON user_sessions TO sentia_definer;
GRANT SELECT ON forecasts TO sentia_definer;
GRANT SELECT ON server_secret, role_permissions TO sentia_definer;
GRANT SELECT, DELETE ON system_settings TO sentia_definer;
GRANT SELECT, INSERT ON audit_log, system_settings_history TO sentia_definer;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON sales_daily_summary, sales_monthly_summary,
    sales_channel_daily_summary, sales_product_monthly_summary TO sentia_definer;
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'user_sessions', 'login_throttle', 'server_secret',
                             'role_permissions', 'system_settings', 'audit_log',
                             'system_settings_history', 'sales_daily_summary',
                             'sales_monthly_summary', 'sales_channel_daily_summary',
                             'sales_product_monthly_summary', 'forecasts'] LOOP
        EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO sentia_definer USING (true) WITH CHECK (true)',
                       t || '_definer', t);
    END LOOP;
END
$$;

-- Business tables: read with the permission that shows them, written with the one that
-- changes them. Each permission is a scalar subquery, evaluated once per statement.
DO $$
DECLARE
    v record;
BEGIN
    FOR v IN SELECT * FROM (VALUES
        ('markets',          '(SELECT sentia_current_user_id()) IS NOT NULL', '(SELECT sentia_has_permission(''data.import''))'),
        ('products',         '(SELECT sentia_current_user_id()) IS NOT NULL', '(SELECT sentia_has_permission(''data.import''))'),
        ('sales_channels',   '(SELECT sentia_current_user_id()) IS NOT NULL', '(SELECT sentia_has_permission(''data.import''))'),
        ('historical_sales', '(SELECT sentia_has_permission(''dashboard.view''))', '(SELECT sentia_has_permission(''data.import''))'),
        ('forecasts',        '(SELECT sentia_current_user_id()) IS NOT NULL', '(SELECT sentia_has_permission(''forecast.run''))'),
        ('inventory_levels', '(SELECT sentia_current_user_id()) IS NOT NULL', '(SELECT sentia_has_permission(''data.import''))'),
        ('resources',        '(SELECT sentia_current_user_id()) IS NOT NULL', '(SELECT sentia_has_permission(''forecast.run''))'),
        ('schedules',        '(SELECT sentia_current_user_id()) IS NOT NULL', '(SELECT sentia_has_permission(''forecast.run''))'),
        ('jobs',             '(SELECT sentia_current_user_id()) IS NOT NULL', '(SELECT sentia_has_permission(''forecast.run''))'),
        ('working_capital',  '(SELECT sentia_has_permission(''working_capital.view''))', '(SELECT sentia_has_permission(''scenario.edit''))')
    ) AS t(tbl, can_read, can_write) LOOP
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO sentia_app_access', v.tbl);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO sentia_app_access USING (%s)',
                       v.tbl || '_read', v.tbl, v.can_read);
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO sentia_app_access WITH CHECK (%s)',
                       v.tbl || '_insert', v.tbl, v.can_write);
        EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO sentia_app_access USING (%s) WITH CHECK (%s)',
                       v.tbl || '_update', v.tbl, v.can_write, v.can_write);
        EXECUTE format('CREATE POLICY %I ON %I FOR DELETE TO sentia_app_access USING (%s)',
                       v.tbl || '_delete', v.tbl, v.can_write);
    END LOOP;
END
$$;

-- The dashboard's summaries: read with dashboard.view, written by their triggers only.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['sales_daily_summary', 'sales_monthly_summary',
                             'sales_channel_daily_summary', 'sales_product_monthly_summary'] LOOP
        EXECUTE format('GRANT SELECT ON %I TO sentia_app_access', t);
        EXECUTE format($p$CREATE POLICY %I ON %I FOR SELECT TO sentia_app_access
                          USING ((SELECT sentia_has_permission('dashboard.view')))$p$, t || '_read', t);
    END LOOP;
END
$$;

-- Users: each user reads their own row, admin.view reads all; no column of password data
-- or e-mail is readable (addresses only through sentia_list_users, which audits the read).
-- users.manage writes names, roles, overrides and activity; passwords, locks and
-- anonymisation go through the functions above.
GRANT SELECT (id, username, display_name, role, permissions, is_active, password_changed_at,
              password_reset_required, failed_login_count, last_failed_login_at, locked_until,
              last_login_at, timezone, language, anonymized_at, created_at, updated_at,
              created_by, updated_by)
    ON users TO sentia_app_access;
GRANT INSERT (username, email, display_name, role, permissions, is_active, timezone, language,
              created_by, updated_by)
    ON users TO sentia_app_access;
GRANT UPDATE (display_name, role, permissions, is_active, timezone, language, updated_by)
    ON users TO sentia_app_access;
CREATE POLICY users_read ON users FOR SELECT TO sentia_app_access
    USING (id = (SELECT sentia_current_user_id()) OR (SELECT sentia_has_permission('admin.view')));
CREATE POLICY users_insert ON users FOR INSERT TO sentia_app_access
    WITH CHECK ((SELECT sentia_has_permission('users.manage')));
CREATE POLICY users_update ON users FOR UPDATE TO sentia_app_access
    USING ((SELECT sentia_has_permission('users.manage')) AND anonymized_at IS NULL)
    WITH CHECK ((SELECT sentia_has_permission('users.manage')));

-- Settings: everyone reads the global, non-sensitive ones and their own user-scoped ones;
-- sensitive settings and others' are for settings.manage. Users save their own layouts.
GRANT SELECT, INSERT, UPDATE, DELETE ON system_settings TO sentia_app_access;
CREATE POLICY system_settings_read ON system_settings FOR SELECT TO sentia_app_access USING (
    (SELECT sentia_has_permission('settings.manage'))
    OR ((SELECT sentia_current_user_id()) IS NOT NULL AND NOT is_sensitive
        AND (scope <> 'user' OR scope_id = (SELECT sentia_current_user_id()))));
CREATE POLICY system_settings_write ON system_settings FOR ALL TO sentia_app_access
    USING ((SELECT sentia_has_permission('settings.manage'))
           OR (scope = 'user' AND scope_id = (SELECT sentia_current_user_id())
               AND NOT is_sensitive AND (SELECT sentia_has_permission('layout.save'))))
    WITH CHECK ((SELECT sentia_has_permission('settings.manage'))
           OR (scope = 'user' AND scope_id = (SELECT sentia_current_user_id())
               AND NOT is_sensitive AND (SELECT sentia_has_permission('layout.save'))));
GRANT SELECT ON system_settings_history TO sentia_app_access;
CREATE POLICY system_settings_history_read ON system_settings_history FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_has_permission('settings.manage')));

GRANT SELECT ON audit_log TO sentia_app_access;
CREATE POLICY audit_log_read ON audit_log FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_has_permission('audit.view')));

-- The connection wizard compares the applied migrations with the app's own list; the
-- table has no personal or business data.
DO $$
BEGIN
    IF to_regclass('public._sqlx_migrations') IS NOT NULL THEN
        ALTER TABLE _sqlx_migrations DISABLE ROW LEVEL SECURITY;
        GRANT SELECT ON _sqlx_migrations TO sentia_app_access;
    END IF;
END
$$;

-- 8. Definer functions: owned by sentia_definer, pg_temp searched last, callable only
-- where granted. ALTER … OWNER needs CREATE on the schema for the new owner when the
-- migrator is no superuser: granted for the change only.
GRANT CREATE ON SCHEMA public TO sentia_definer;
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
             WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO sentia_definer', f);
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, public, pg_temp', f);
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END
$$;
REVOKE CREATE ON SCHEMA public FROM sentia_definer;

GRANT EXECUTE ON FUNCTION sentia_current_user_id(), sentia_current_role(),
    sentia_has_permission(text), sentia_auth_challenge(text), sentia_password_min_length(), sentia_login(text, bytea),
    sentia_change_password(text, bytea, text), sentia_reset_password(uuid, text),
    sentia_unlock_user(uuid), sentia_logout(), sentia_list_users(),
    sentia_anonymize_user(uuid), sentia_export_user_data(uuid),
    sentia_audit(text, text, uuid, jsonb)
    TO sentia_app_access;
