-- Shared building blocks for every table.
--
-- gen_random_uuid() is built into PostgreSQL 13+, so no extension is needed for UUID keys.

-- Keeps updated_at honest whatever client writes the row: applications forget, triggers do not.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
