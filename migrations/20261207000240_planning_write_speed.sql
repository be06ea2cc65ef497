-- A planning run rewrites the policy columns of every item's latest stock row and replaces
-- the drafts of earlier runs: 15,000 rows and as many orders at a time. Like a forecast
-- run's superseded rows, those writes are traced by the run's own audited row (who, when,
-- engine, counts) rather than audited one by one; every other change still is.
DROP TRIGGER inventory_levels_audit ON inventory_levels;
CREATE TRIGGER inventory_levels_audit AFTER UPDATE ON inventory_levels FOR EACH ROW
    WHEN ((to_jsonb(OLD) - ARRAY['safety_stock', 'reorder_point', 'reorder_quantity', 'days_of_supply',
              'average_daily_demand', 'stock_status', 'risk_score', 'abc_class', 'service_level',
              'demand_source', 'stockout_date', 'risk_reasons', 'planning_run_id', 'updated_at', 'updated_by'])
          IS DISTINCT FROM
          (to_jsonb(NEW) - ARRAY['safety_stock', 'reorder_point', 'reorder_quantity', 'days_of_supply',
              'average_daily_demand', 'stock_status', 'risk_score', 'abc_class', 'service_level',
              'demand_source', 'stockout_date', 'risk_reasons', 'planning_run_id', 'updated_at', 'updated_by'])
          OR NEW.planning_run_id IS NOT DISTINCT FROM OLD.planning_run_id)
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER inventory_levels_delete_audit AFTER DELETE ON inventory_levels FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();

-- The guard of 0230 looked up the caller's permissions on every row (3.3 s for 15,000 rows);
-- a run's write now passes on its shape alone, and anything else is checked as before.
CREATE OR REPLACE FUNCTION inventory_levels_guard_plan() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    -- A planning run's write (a new run, nothing but the policy columns changed) needs no
    -- lookup: the update policy has already admitted a forecast.run or data.import holder.
    IF NEW.planning_run_id IS DISTINCT FROM OLD.planning_run_id
       AND (to_jsonb(NEW) - ARRAY['safety_stock', 'reorder_point', 'reorder_quantity', 'days_of_supply',
              'average_daily_demand', 'stock_status', 'risk_score', 'abc_class', 'service_level',
              'demand_source', 'stockout_date', 'risk_reasons', 'planning_run_id', 'updated_at', 'updated_by'])
          = (to_jsonb(OLD) - ARRAY['safety_stock', 'reorder_point', 'reorder_quantity', 'days_of_supply',
              'average_daily_demand', 'stock_status', 'risk_score', 'abc_class', 'service_level',
              'demand_source', 'stockout_date', 'risk_reasons', 'planning_run_id', 'updated_at', 'updated_by']) THEN
        RETURN NEW;
    END IF;
    IF sentia_is_maintenance(TG_RELID) OR sentia_has_permission('data.import') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'permission data.import required: a planning run changes only the policy columns'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- The order guard looked up maintenance rights before anything else; a run's drafts now
-- pass without a lookup.
CREATE OR REPLACE FUNCTION replenishment_orders_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    acting uuid := sentia_current_user_id();
    cap numeric;
BEGIN
    -- A run's drafts come and go in thousands: the common, legal cases first, without
    -- looking anything up.
    IF TG_OP = 'INSERT' AND NEW.status = 'draft' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND OLD.status = 'draft' THEN
        RETURN OLD;
    END IF;
    IF sentia_is_maintenance(TG_RELID) THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'only a draft order can be deleted; reject it instead'
                USING ERRCODE = 'integrity_constraint_violation',
                      CONSTRAINT = 'replenishment_orders_transition_check';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'draft' THEN
            RAISE EXCEPTION 'a replenishment order starts as a draft'
                USING ERRCODE = 'integrity_constraint_violation',
                      CONSTRAINT = 'replenishment_orders_transition_check';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.status = OLD.status THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'a % order cannot be edited', OLD.status
                USING ERRCODE = 'integrity_constraint_violation',
                      CONSTRAINT = 'replenishment_orders_transition_check';
        END IF;
        RETURN NEW;
    END IF;
    IF NOT ((OLD.status, NEW.status) IN (('draft', 'submitted'), ('rejected', 'submitted'),
            ('submitted', 'approved'), ('submitted', 'rejected'), ('approved', 'implemented'))) THEN
        RAISE EXCEPTION 'a % order cannot become %', OLD.status, NEW.status
            USING ERRCODE = 'integrity_constraint_violation',
                  CONSTRAINT = 'replenishment_orders_transition_check';
    END IF;
    IF (to_jsonb(NEW) - ARRAY['status', 'submitted_by', 'submitted_at', 'decided_by', 'decided_at',
            'decision_comment', 'implemented_at', 'job_id', 'row_version', 'updated_at', 'updated_by'])
       IS DISTINCT FROM
       (to_jsonb(OLD) - ARRAY['status', 'submitted_by', 'submitted_at', 'decided_by', 'decided_at',
            'decision_comment', 'implemented_at', 'job_id', 'row_version', 'updated_at', 'updated_by']) THEN
        RAISE EXCEPTION 'an order''s quantity and dates change only while it is a draft'
            USING ERRCODE = 'integrity_constraint_violation',
                  CONSTRAINT = 'replenishment_orders_transition_check';
    END IF;
    CASE NEW.status
        WHEN 'submitted' THEN
            NEW.submitted_by := acting;
            NEW.submitted_at := now();
            NEW.decided_by := NULL;
            NEW.decided_at := NULL;
        WHEN 'approved', 'rejected' THEN
            IF NOT sentia_has_permission('forecast.approve') THEN
                RAISE EXCEPTION 'permission forecast.approve required' USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF NEW.status = 'approved' THEN
                cap := sentia_approval_limit();
                IF cap IS NOT NULL AND NEW.order_value > cap THEN
                    RAISE EXCEPTION 'order value % is above your approval limit of %', NEW.order_value, cap
                        USING ERRCODE = 'insufficient_privilege',
                              CONSTRAINT = 'replenishment_orders_approval_limit_check';
                END IF;
            END IF;
            NEW.decided_by := acting;
            NEW.decided_at := now();
        WHEN 'implemented' THEN
            NEW.implemented_at := now();
    END CASE;
    RETURN NEW;
END;
$$;

-- Orders: every workflow move is audited; a run's drafts come and go with their run.
DROP TRIGGER replenishment_orders_audit ON replenishment_orders;
CREATE TRIGGER replenishment_orders_audit AFTER UPDATE ON replenishment_orders FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER replenishment_orders_insert_audit AFTER INSERT ON replenishment_orders FOR EACH ROW
    WHEN (NEW.planning_run_id IS NULL)
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER replenishment_orders_delete_audit AFTER DELETE ON replenishment_orders FOR EACH ROW
    WHEN (OLD.planning_run_id IS NULL OR OLD.status <> 'draft')
    EXECUTE FUNCTION audit_row_change();

-- The latest count of each item is found from the index alone (its id included), then
-- only those rows are read: 0.3 s instead of 1.1 s for 15,000 items over 795,000 counts.
DROP INDEX inventory_levels_latest_idx;
CREATE INDEX inventory_levels_latest_idx ON inventory_levels (product_id, location_id, snapshot_date DESC)
    INCLUDE (id);

-- One item's recent sales (the item view, "what if") read by product, not by scanning
-- every product's days.
CREATE INDEX sales_daily_summary_product_date_idx ON sales_daily_summary (product_id, sale_date);
CREATE INDEX sales_monthly_summary_product_idx ON sales_monthly_summary (product_id, month);
