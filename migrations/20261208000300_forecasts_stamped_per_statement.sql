-- A forecast run supersedes and inserts hundreds of thousands of forecast rows in two
-- statements. The row trigger that stamps the acting user looked the session up once per
-- row (a hash of the token and an index probe each time), a third of the run's writing.
-- On forecasts the rule is now kept once per statement: the writer names the acting user,
-- and a statement trigger reads the session once, looks at every row the statement wrote
-- and corrects any that differ. Whoever writes, the rows end as the row trigger left them:
-- created_by is the inserting user and never changes, updated_by is the last writer.
DROP TRIGGER forecasts_stamp_acting_user ON forecasts;

CREATE FUNCTION forecasts_stamp_acting_user() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    acting uuid;
BEGIN
    -- The correction below fires this trigger again, on rows it has just made right.
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    -- Cheap for the owner's bulk loads: no session, no lookup.
    IF COALESCE(current_setting('sentia.session', true), '') = '' THEN
        RETURN NULL;
    END IF;
    acting := sentia_current_user_id();
    IF acting IS NULL THEN
        RETURN NULL;
    END IF;
    -- One pass over the statement's rows, no join: a writer that named the acting user
    -- (every statement of the app) costs a scan and needs no UPDATE privilege on the
    -- stamp columns.
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM stamped_new n
                   WHERE n.created_by IS DISTINCT FROM acting OR n.updated_by IS DISTINCT FROM acting) THEN
            UPDATE forecasts SET created_by = acting, updated_by = acting
            WHERE id IN (SELECT n.id FROM stamped_new n
                         WHERE n.created_by IS DISTINCT FROM acting OR n.updated_by IS DISTINCT FROM acting);
        END IF;
    ELSIF EXISTS (SELECT 1 FROM stamped_new n WHERE n.updated_by IS DISTINCT FROM acting) THEN
        UPDATE forecasts SET updated_by = acting
        WHERE id IN (SELECT n.id FROM stamped_new n WHERE n.updated_by IS DISTINCT FROM acting);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER forecasts_stamp_acting_user_insert AFTER INSERT ON forecasts
    REFERENCING NEW TABLE AS stamped_new
    FOR EACH STATEMENT EXECUTE FUNCTION forecasts_stamp_acting_user();
CREATE TRIGGER forecasts_stamp_acting_user_update AFTER UPDATE ON forecasts
    REFERENCING NEW TABLE AS stamped_new
    FOR EACH STATEMENT EXECUTE FUNCTION forecasts_stamp_acting_user();

-- The creator never changes. A row trigger that fires only when a statement names
-- created_by and changes it (the insert stamp's own correction above excepted), so the
-- run's bulk updates never call it.
CREATE FUNCTION keep_the_creator() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.created_by := OLD.created_by;
    RETURN NEW;
END;
$$;

CREATE TRIGGER forecasts_keep_the_creator BEFORE UPDATE OF created_by ON forecasts
    FOR EACH ROW WHEN (NEW.created_by IS DISTINCT FROM OLD.created_by AND pg_trigger_depth() = 0)
    EXECUTE FUNCTION keep_the_creator();

-- Superseding an approved row names its writer now, where the row trigger used to stamp
-- it after this guard had looked: updated_by joins what may change on an approved row.
CREATE OR REPLACE FUNCTION forecasts_guard_decision() RETURNS trigger
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
       AND (to_jsonb(NEW) - ARRAY['superseded_by', 'superseded_at', 'actual_demand', 'updated_at', 'updated_by'])
           IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['superseded_by', 'superseded_at', 'actual_demand', 'updated_at', 'updated_by']) THEN
        RAISE EXCEPTION 'an approved forecast cannot be changed, only superseded'
            USING ERRCODE = 'integrity_constraint_violation',
                  CONSTRAINT = 'forecasts_approved_kept_check';
    END IF;
    IF NEW.status NOT IN ('approved', 'rejected')
       OR (TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status) THEN
        RETURN NEW;
    END IF;
    IF sentia_is_maintenance(TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF NOT sentia_has_permission('forecast.approve') THEN
        RAISE EXCEPTION 'permission forecast.approve required' USING ERRCODE = 'insufficient_privilege';
    END IF;
    acting := sentia_current_user_id();
    IF NEW.status = 'approved' THEN
        NEW.approved_by := acting;
    ELSE
        NEW.rejected_by := acting;
    END IF;
    RETURN NEW;
END;
$$;

-- Recording actuals names its writer as well.
GRANT UPDATE (updated_by) ON forecasts TO sentia_definer;

CREATE OR REPLACE FUNCTION forecasts_record_actuals(p_from date, p_until date) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    acting uuid;
    complete_until date;
    changed integer;
BEGIN
    acting := sentia_current_user_id();
    IF acting IS NULL THEN
        RAISE EXCEPTION 'sign in first' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT least(current_date, max(sale_date) + 1) INTO complete_until FROM historical_sales;
    IF p_from IS NULL OR p_until IS NULL THEN
        RETURN 0;
    END IF;
    complete_until := COALESCE(complete_until, '-infinity'::date);
    WITH due AS (
        SELECT f.id, f.product_id, f.sales_channel_id, f.forecast_date AS starts, p.ends
        FROM forecasts f
        CROSS JOIN LATERAL (SELECT (f.forecast_date + CASE f.bucket WHEN 'week' THEN interval '7 days'
                                                                    ELSE interval '1 month' END)::date) p(ends)
        WHERE f.bucket IS NOT NULL AND f.forecast_date <= p_until AND p.ends > p_from
    ), actual AS (
        -- A period no longer complete (its sales were rolled back) loses its actual.
        SELECT d.id, CASE WHEN d.ends <= complete_until
                          THEN least(COALESCE(sum(h.quantity_sold), 0), 2147483647)::integer END AS units
        FROM due d
        LEFT JOIN historical_sales h
          ON h.product_id = d.product_id AND h.sales_channel_id = d.sales_channel_id
         AND h.sale_date >= d.starts AND h.sale_date < d.ends
        GROUP BY d.id, d.ends
    )
    UPDATE forecasts f SET actual_demand = a.units, updated_by = acting
    FROM actual a
    WHERE f.id = a.id AND f.actual_demand IS DISTINCT FROM a.units;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END;
$$;
