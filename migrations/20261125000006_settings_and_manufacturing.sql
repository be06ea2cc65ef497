-- System settings with version history, and the manufacturing models
-- (schedules, jobs, resources).

CREATE TABLE system_settings (
    id              uuid          NOT NULL DEFAULT gen_random_uuid(),
    category        varchar(50)   NOT NULL,
    key             varchar(100)  NOT NULL,
    data_type       varchar(20)   NOT NULL,
    -- One typed column per data_type, so that values are validated by PostgreSQL and
    -- read without parsing; the check below keeps exactly the matching one filled.
    value_text      text,
    value_integer   bigint,
    value_decimal   numeric(20,6),
    value_boolean   boolean,
    value_json      jsonb,
    value_date      date,
    value_timestamp timestamptz,
    -- The value before the last change, as JSON whatever its type.
    previous_value  jsonb,
    version         integer       NOT NULL DEFAULT 1,
    environment     varchar(10)   NOT NULL DEFAULT 'all',
    scope           varchar(10)   NOT NULL DEFAULT 'global',
    -- users.id or products.id according to scope. Not a foreign key because it points at
    -- one of two tables; the setting is removed by the application with its target.
    scope_id        uuid,
    description     text,
    -- Shown masked in the UI and never exported.
    is_sensitive    boolean       NOT NULL DEFAULT false,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    created_by      uuid,
    updated_by      uuid,
    CONSTRAINT system_settings_pkey PRIMARY KEY (id),
    CONSTRAINT system_settings_data_type_check
        CHECK (data_type IN ('text', 'integer', 'decimal', 'boolean', 'json', 'date', 'timestamp')),
    CONSTRAINT system_settings_value_matches_type_check CHECK (
        (value_text IS NOT NULL)::int + (value_integer IS NOT NULL)::int + (value_decimal IS NOT NULL)::int
        + (value_boolean IS NOT NULL)::int + (value_json IS NOT NULL)::int + (value_date IS NOT NULL)::int
        + (value_timestamp IS NOT NULL)::int = 1
        AND CASE data_type
            WHEN 'text' THEN value_text IS NOT NULL
            WHEN 'integer' THEN value_integer IS NOT NULL
            WHEN 'decimal' THEN value_decimal IS NOT NULL
            WHEN 'boolean' THEN value_boolean IS NOT NULL
            WHEN 'json' THEN value_json IS NOT NULL
            WHEN 'date' THEN value_date IS NOT NULL
            WHEN 'timestamp' THEN value_timestamp IS NOT NULL
        END),
    CONSTRAINT system_settings_version_check CHECK (version >= 1),
    CONSTRAINT system_settings_environment_check CHECK (environment IN ('all', 'dev', 'test', 'prod')),
    CONSTRAINT system_settings_scope_check CHECK (scope IN ('global', 'user', 'product')),
    CONSTRAINT system_settings_scope_id_check CHECK ((scope = 'global') = (scope_id IS NULL)),
    CONSTRAINT system_settings_key_format_check CHECK (key ~ '^[a-z0-9_.]+$'),
    CONSTRAINT system_settings_identity_key UNIQUE NULLS NOT DISTINCT (category, key, environment, scope, scope_id),
    CONSTRAINT system_settings_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT system_settings_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE INDEX system_settings_scope_idx ON system_settings (scope, scope_id) WHERE scope <> 'global';

-- Every version of every setting, written by the trigger below, so history cannot be
-- skipped by a client that forgets it.
CREATE TABLE system_settings_history (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    setting_id  uuid        NOT NULL,
    version     integer     NOT NULL,
    value       jsonb,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    created_by  uuid,
    updated_by  uuid,
    CONSTRAINT system_settings_history_pkey PRIMARY KEY (id),
    CONSTRAINT system_settings_history_version_key UNIQUE (setting_id, version),
    CONSTRAINT system_settings_history_setting_id_fkey FOREIGN KEY (setting_id)
        REFERENCES system_settings (id) ON DELETE CASCADE,
    CONSTRAINT system_settings_history_changed_by_fkey FOREIGN KEY (changed_by) REFERENCES users (id)
        ON DELETE RESTRICT,
    CONSTRAINT system_settings_history_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT system_settings_history_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE FUNCTION system_setting_value(s system_settings) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE s.data_type
        WHEN 'text' THEN to_jsonb(s.value_text)
        WHEN 'integer' THEN to_jsonb(s.value_integer)
        WHEN 'decimal' THEN to_jsonb(s.value_decimal)
        WHEN 'boolean' THEN to_jsonb(s.value_boolean)
        WHEN 'json' THEN s.value_json
        WHEN 'date' THEN to_jsonb(s.value_date)
        WHEN 'timestamp' THEN to_jsonb(s.value_timestamp)
    END
$$;

-- On a value change: bump the version, keep the old value in previous_value, and append
-- the new version to the history.
CREATE FUNCTION system_settings_track_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF system_setting_value(NEW) IS NOT DISTINCT FROM system_setting_value(OLD)
           AND NEW.data_type = OLD.data_type THEN
            RETURN NEW;
        END IF;
        NEW.version := OLD.version + 1;
        NEW.previous_value := system_setting_value(OLD);
    END IF;
    RETURN NEW;
END;
$$;

CREATE FUNCTION system_settings_write_history() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.version <> OLD.version THEN
        INSERT INTO system_settings_history (setting_id, version, value, changed_by, created_by)
        VALUES (NEW.id, NEW.version, system_setting_value(NEW),
                COALESCE(NEW.updated_by, NEW.created_by), COALESCE(NEW.updated_by, NEW.created_by));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER system_settings_track_version BEFORE UPDATE ON system_settings
    FOR EACH ROW EXECUTE FUNCTION system_settings_track_version();
CREATE TRIGGER system_settings_write_history AFTER INSERT OR UPDATE ON system_settings
    FOR EACH ROW EXECUTE FUNCTION system_settings_write_history();
CREATE TRIGGER system_settings_set_updated_at BEFORE UPDATE ON system_settings
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE resources (
    id            uuid             NOT NULL DEFAULT gen_random_uuid(),
    name          varchar(100)     NOT NULL,
    type          varchar(50)      NOT NULL,
    -- The seed's Float: a physical capacity (units per hour, litres), not money, so a
    -- float is the honest type; capacity_unit says what it counts.
    capacity      double precision NOT NULL,
    capacity_unit varchar(20)      NOT NULL DEFAULT 'units/hour',
    status        varchar(20)      NOT NULL DEFAULT 'available',
    location      varchar(100),
    cost_per_hour numeric(10,2),
    created_at    timestamptz      NOT NULL DEFAULT now(),
    updated_at    timestamptz      NOT NULL DEFAULT now(),
    created_by    uuid,
    updated_by    uuid,
    CONSTRAINT resources_pkey PRIMARY KEY (id),
    CONSTRAINT resources_name_key UNIQUE (name),
    CONSTRAINT resources_status_check CHECK (status IN ('available', 'maintenance', 'offline')),
    CONSTRAINT resources_capacity_check CHECK (capacity >= 0 AND capacity <> 'NaN'::float8 AND capacity < 'Infinity'::float8),
    CONSTRAINT resources_cost_check CHECK (cost_per_hour IS NULL OR cost_per_hour >= 0),
    CONSTRAINT resources_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT resources_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE INDEX resources_type_status_idx ON resources (type, status);

CREATE TRIGGER resources_set_updated_at BEFORE UPDATE ON resources
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE schedules (
    id          uuid         NOT NULL DEFAULT gen_random_uuid(),
    name        varchar(100) NOT NULL,
    description text,
    -- The seed's DateTime: timestamptz, because plants and planners sit in different zones.
    start_date  timestamptz  NOT NULL,
    end_date    timestamptz  NOT NULL,
    status      varchar(20)  NOT NULL DEFAULT 'draft',
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    -- Required here: the seed makes the creator part of the schedule.
    created_by  uuid         NOT NULL,
    updated_by  uuid,
    CONSTRAINT schedules_pkey PRIMARY KEY (id),
    CONSTRAINT schedules_status_check CHECK (status IN ('draft', 'active', 'completed', 'cancelled')),
    CONSTRAINT schedules_dates_check CHECK (end_date > start_date),
    CONSTRAINT schedules_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT schedules_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE INDEX schedules_dates_idx ON schedules (start_date, end_date);
CREATE INDEX schedules_created_by_idx ON schedules (created_by);

CREATE TRIGGER schedules_set_updated_at BEFORE UPDATE ON schedules
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE jobs (
    id                uuid          NOT NULL DEFAULT gen_random_uuid(),
    job_number        varchar(50)   NOT NULL,
    schedule_id       uuid,
    customer_name     varchar(200),
    status            varchar(20)   NOT NULL DEFAULT 'pending',
    product_id        uuid,
    resource_id       uuid,
    quantity          integer       NOT NULL,
    produced_quantity integer       NOT NULL DEFAULT 0,
    batch_number      varchar(50),
    priority          integer       NOT NULL DEFAULT 3,
    due_date          date,
    planned_start     timestamptz,
    planned_end       timestamptz,
    actual_start      timestamptz,
    actual_end        timestamptz,
    -- Shares of the batch, 0..1: waste (alert above 0.10) and yield (alert below 0.85).
    waste_rate        numeric(5,4),
    yield_rate        numeric(5,4),
    created_at        timestamptz   NOT NULL DEFAULT now(),
    updated_at        timestamptz   NOT NULL DEFAULT now(),
    created_by        uuid,
    updated_by        uuid,
    CONSTRAINT jobs_pkey PRIMARY KEY (id),
    CONSTRAINT jobs_job_number_key UNIQUE (job_number),
    CONSTRAINT jobs_status_check CHECK (status IN ('pending', 'active', 'completed', 'cancelled')),
    CONSTRAINT jobs_quantity_check CHECK (quantity > 0 AND produced_quantity >= 0),
    CONSTRAINT jobs_priority_check CHECK (priority BETWEEN 1 AND 5),
    CONSTRAINT jobs_planned_dates_check CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start),
    CONSTRAINT jobs_actual_dates_check CHECK (actual_end IS NULL OR (actual_start IS NOT NULL AND actual_end >= actual_start)),
    CONSTRAINT jobs_completed_check CHECK (status <> 'completed' OR actual_end IS NOT NULL),
    CONSTRAINT jobs_rates_check CHECK (
        (waste_rate IS NULL OR (waste_rate >= 0 AND waste_rate <= 1))
        AND (yield_rate IS NULL OR (yield_rate >= 0 AND yield_rate <= 1))),
    -- Jobs are production records (batch traceability): deleting a schedule unschedules
    -- its jobs rather than erasing them.
    CONSTRAINT jobs_schedule_id_fkey FOREIGN KEY (schedule_id) REFERENCES schedules (id) ON DELETE SET NULL,
    CONSTRAINT jobs_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE RESTRICT,
    CONSTRAINT jobs_resource_id_fkey FOREIGN KEY (resource_id) REFERENCES resources (id) ON DELETE SET NULL,
    CONSTRAINT jobs_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT jobs_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE INDEX jobs_schedule_id_idx ON jobs (schedule_id);
CREATE INDEX jobs_status_due_idx ON jobs (status, due_date);
CREATE INDEX jobs_product_id_idx ON jobs (product_id);
CREATE INDEX jobs_resource_id_idx ON jobs (resource_id);

CREATE TRIGGER jobs_set_updated_at BEFORE UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
