-- Row triggers that run for every row of a bulk write (a forecast run writes and
-- supersedes hundreds of thousands of rows, an import millions) do the least work first.

-- The acting user is stamped by assigning the two columns, not by rebuilding the row
-- through JSON: the same rule, about a third of the time per row. Every table it stamps
-- has both columns (0140 attached it only to those).
CREATE OR REPLACE FUNCTION stamp_acting_user() RETURNS trigger
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
    IF TG_OP = 'INSERT' THEN
        NEW.created_by := acting;
    ELSE
        NEW.created_by := OLD.created_by;
    END IF;
    NEW.updated_by := acting;
    RETURN NEW;
END;
$$;

-- The decision guard looks up whether a superuser or the owner writes only when a row
-- becomes approved or rejected, the one case that lookup can change.
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
       AND (to_jsonb(NEW) - ARRAY['superseded_by', 'superseded_at', 'actual_demand', 'updated_at'])
           IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['superseded_by', 'superseded_at', 'actual_demand', 'updated_at']) THEN
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
