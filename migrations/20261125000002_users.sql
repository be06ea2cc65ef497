-- Users: authentication, RBAC, lockout and audit identity.
--
-- Users are never deleted: a departed user is deactivated and anonymised (GDPR), so that
-- every created_by/updated_by reference elsewhere stays valid. That is why all audit
-- foreign keys to users are ON DELETE RESTRICT.

CREATE TABLE users (
    id                   uuid         NOT NULL DEFAULT gen_random_uuid(),
    username             varchar(64)  NOT NULL,
    email                varchar(120) NOT NULL,
    display_name         varchar(100),
    role                 varchar(20)  NOT NULL DEFAULT 'viewer',
    -- Per-user overrides of the role's permissions, e.g. {"forecast.approve": true}.
    -- jsonb rather than json: overrides are looked up by key, and jsonb is indexable.
    permissions          jsonb        NOT NULL DEFAULT '{}'::jsonb,
    is_active            boolean      NOT NULL DEFAULT true,
    -- argon2id PHC string. NULL means the account cannot log in (anonymised or not yet set).
    password_hash        varchar(255),
    password_changed_at  timestamptz,
    failed_login_count   integer      NOT NULL DEFAULT 0,
    last_failed_login_at timestamptz,
    locked_until         timestamptz,
    last_login_at        timestamptz,
    -- IANA zone and BCP 47 tag: the UI formats dates and numbers with them.
    timezone             varchar(64)  NOT NULL DEFAULT 'Europe/London',
    language             varchar(10)  NOT NULL DEFAULT 'en-GB',
    anonymized_at        timestamptz,
    created_at           timestamptz  NOT NULL DEFAULT now(),
    updated_at           timestamptz  NOT NULL DEFAULT now(),
    created_by           uuid,
    updated_by           uuid,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_username_key UNIQUE (username),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_role_check CHECK (role IN ('admin', 'manager', 'analyst', 'viewer')),
    CONSTRAINT users_username_format_check CHECK (username ~ '^[A-Za-z0-9._-]{3,64}$'),
    CONSTRAINT users_email_format_check CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    CONSTRAINT users_permissions_object_check CHECK (jsonb_typeof(permissions) = 'object'),
    CONSTRAINT users_failed_login_count_check CHECK (failed_login_count >= 0),
    CONSTRAINT users_language_format_check CHECK (language ~ '^[a-z]{2,3}(-[A-Z]{2})?$'),
    CONSTRAINT users_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT users_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

-- Logins match names and addresses case-insensitively; the plain UNIQUE constraints above
-- stay as the seed's indexes, these stop "Alice" and "alice" from both existing.
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
