-- created_by and updated_by are facts the database knows, not claims a client makes: when a
-- session acts, they are set to its user whatever the statement wrote (an analyst cannot
-- attribute a change to an admin). Maintenance by the owner, with no session, writes what
-- it writes (the demo seed names its own users).
CREATE FUNCTION stamp_acting_user() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    acting uuid;
BEGIN
    -- Cheap for the owner's bulk loads: no session, no lookup.
    IF COALESCE(current_setting('sentia.session', true), '') = '' THEN
        RETURN NEW;
    END IF;
    acting := sentia_current_user_id();
    IF acting IS NULL THEN
        RETURN NEW;
    END IF;
    RETURN jsonb_populate_record(NEW, jsonb_build_object(
        'created_by', CASE WHEN TG_OP = 'INSERT' THEN to_jsonb(acting)
                           ELSE to_jsonb(OLD) -> 'created_by' END,
        'updated_by', to_jsonb(acting)));
END;
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT c.table_name FROM information_schema.columns c
             WHERE c.table_schema = 'public' AND c.column_name = 'updated_by'
               AND EXISTS (SELECT 1 FROM information_schema.columns b
                           WHERE b.table_schema = 'public' AND b.table_name = c.table_name
                             AND b.column_name = 'created_by')
             ORDER BY 1 LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I FOR EACH ROW
                        EXECUTE FUNCTION stamp_acting_user()', t || '_stamp_acting_user', t);
    END LOOP;
END
$$;
