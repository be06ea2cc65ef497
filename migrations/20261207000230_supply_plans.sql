-- Supply planning: which stock location serves each channel, planning runs, the policy
-- a run wrote on each item's latest stock row, replenishment orders with their approval
-- workflow and caps, and the legal moves of a production job.

-- 1. The stock location a channel ships from ---------------------------------------------
-- Demand per product × location is the demand of the channels that ship from it.
ALTER TABLE sales_channels ADD COLUMN stock_location_id varchar(100);

-- 2. Planning runs ----------------------------------------------------------------------
CREATE TABLE planning_runs (
    id             uuid         NOT NULL DEFAULT gen_random_uuid(),
    -- Stock position the plan starts from.
    as_of          date         NOT NULL,
    horizon_weeks  integer      NOT NULL,
    engine_version varchar(50)  NOT NULL,
    item_count     integer      NOT NULL,
    order_count    integer      NOT NULL,
    elapsed_ms     integer      NOT NULL,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    created_by     uuid,
    updated_by     uuid,
    CONSTRAINT planning_runs_pkey PRIMARY KEY (id),
    CONSTRAINT planning_runs_horizon_check CHECK (horizon_weeks BETWEEN 1 AND 104),
    CONSTRAINT planning_runs_counts_check CHECK (item_count >= 0 AND order_count >= 0 AND elapsed_ms >= 0),
    CONSTRAINT planning_runs_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT planning_runs_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);
CREATE INDEX planning_runs_created_at_idx ON planning_runs (created_at DESC);
CREATE TRIGGER planning_runs_set_updated_at BEFORE UPDATE ON planning_runs
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER planning_runs_stamp_acting_user BEFORE INSERT OR UPDATE ON planning_runs
    FOR EACH ROW EXECUTE FUNCTION stamp_acting_user();
-- The run's row is the audit trail of the stock rows it rewrites.
CREATE TRIGGER planning_runs_audit AFTER INSERT OR UPDATE OR DELETE ON planning_runs
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();

-- 3. The policy on each item's latest stock row ------------------------------------------
ALTER TABLE inventory_levels
    ADD COLUMN planning_run_id uuid,
    ADD COLUMN abc_class       char(1),
    -- Cycle service level the reorder point was set for.
    ADD COLUMN service_level   numeric(5,4),
    -- approved_forecast, forecast or recent_sales: where the demand came from.
    ADD COLUMN demand_source   varchar(20),
    ADD COLUMN stockout_date   date,
    -- [{kind, points, message}], most serious first.
    ADD COLUMN risk_reasons    jsonb,
    ADD CONSTRAINT inventory_levels_planning_run_id_fkey FOREIGN KEY (planning_run_id)
        REFERENCES planning_runs (id) ON DELETE SET NULL,
    ADD CONSTRAINT inventory_levels_abc_class_check CHECK (abc_class IS NULL OR abc_class IN ('A', 'B', 'C')),
    ADD CONSTRAINT inventory_levels_service_level_check
        CHECK (service_level IS NULL OR (service_level > 0 AND service_level < 1)),
    ADD CONSTRAINT inventory_levels_demand_source_check
        CHECK (demand_source IS NULL OR demand_source IN ('approved_forecast', 'forecast', 'recent_sales', 'none'));
-- The latest stock row of each item, read by every stock screen.
CREATE INDEX inventory_levels_latest_idx ON inventory_levels (product_id, location_id, snapshot_date DESC)
    INCLUDE (stock_status, risk_score);
DROP INDEX inventory_levels_product_location_idx;

-- Planners (forecast.run) write the policy columns of a run; stock counts stay with imports
-- (data.import). The policy admits the planner's update, the guard keeps it to a run's
-- columns: without data.import an update must name a new run and change nothing else.
CREATE POLICY inventory_levels_plan ON inventory_levels FOR UPDATE TO sentia_app_access
    USING ((SELECT sentia_has_permission('forecast.run')))
    WITH CHECK ((SELECT sentia_has_permission('forecast.run')));
CREATE FUNCTION inventory_levels_guard_plan() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF sentia_is_maintenance(TG_RELID) OR sentia_has_permission('data.import') THEN
        RETURN NEW;
    END IF;
    IF NEW.planning_run_id IS NOT DISTINCT FROM OLD.planning_run_id
       OR (to_jsonb(NEW) - ARRAY['safety_stock', 'reorder_point', 'reorder_quantity', 'days_of_supply',
              'average_daily_demand', 'stock_status', 'risk_score', 'abc_class', 'service_level',
              'demand_source', 'stockout_date', 'risk_reasons', 'planning_run_id', 'updated_at', 'updated_by'])
          IS DISTINCT FROM
          (to_jsonb(OLD) - ARRAY['safety_stock', 'reorder_point', 'reorder_quantity', 'days_of_supply',
              'average_daily_demand', 'stock_status', 'risk_score', 'abc_class', 'service_level',
              'demand_source', 'stockout_date', 'risk_reasons', 'planning_run_id', 'updated_at', 'updated_by']) THEN
        RAISE EXCEPTION 'permission data.import required: a planning run changes only the policy columns'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER inventory_levels_guard_plan BEFORE UPDATE ON inventory_levels
    FOR EACH ROW EXECUTE FUNCTION inventory_levels_guard_plan();

-- 4. Replenishment orders ---------------------------------------------------------------
CREATE TABLE replenishment_orders (
    id               uuid          NOT NULL DEFAULT gen_random_uuid(),
    order_number     varchar(30)   NOT NULL,
    planning_run_id  uuid,
    product_id       uuid          NOT NULL,
    location_id      varchar(100)  NOT NULL,
    quantity         integer       NOT NULL,
    unit_cost        numeric(10,2) NOT NULL,
    -- quantity × unit cost, in the base currency: what the approval caps compare.
    order_value      numeric(14,2) NOT NULL,
    -- Place the order by this day so that it arrives by need_by.
    order_by         date          NOT NULL,
    need_by          date          NOT NULL,
    status           varchar(20)   NOT NULL DEFAULT 'draft',
    -- Inputs, intermediate figures, each quantity adjustment and risk flags.
    decision_record  jsonb         NOT NULL DEFAULT '{}'::jsonb,
    submitted_by     uuid,
    submitted_at     timestamptz,
    decided_by       uuid,
    decided_at       timestamptz,
    decision_comment text,
    implemented_at   timestamptz,
    job_id           uuid,
    row_version      integer       NOT NULL DEFAULT 1,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    created_by       uuid,
    updated_by       uuid,
    CONSTRAINT replenishment_orders_pkey PRIMARY KEY (id),
    CONSTRAINT replenishment_orders_number_key UNIQUE (order_number),
    CONSTRAINT replenishment_orders_quantity_check CHECK (quantity > 0),
    CONSTRAINT replenishment_orders_money_check CHECK (unit_cost >= 0 AND order_value >= 0),
    CONSTRAINT replenishment_orders_dates_check CHECK (need_by >= order_by),
    CONSTRAINT replenishment_orders_status_check
        CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'implemented')),
    CONSTRAINT replenishment_orders_decided_check
        CHECK ((status IN ('approved', 'rejected', 'implemented')) = (decided_by IS NOT NULL AND decided_at IS NOT NULL)),
    CONSTRAINT replenishment_orders_rejected_check
        CHECK (status <> 'rejected' OR decision_comment IS NOT NULL),
    -- Approval books the production job; the order is implemented when the job starts.
    CONSTRAINT replenishment_orders_job_check CHECK ((status IN ('approved', 'implemented')) = (job_id IS NOT NULL)),
    CONSTRAINT replenishment_orders_run_fkey FOREIGN KEY (planning_run_id) REFERENCES planning_runs (id)
        ON DELETE SET NULL,
    CONSTRAINT replenishment_orders_product_fkey FOREIGN KEY (product_id) REFERENCES products (id)
        ON DELETE RESTRICT,
    CONSTRAINT replenishment_orders_job_fkey FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE RESTRICT,
    CONSTRAINT replenishment_orders_submitted_by_fkey FOREIGN KEY (submitted_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT replenishment_orders_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT replenishment_orders_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT replenishment_orders_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);
CREATE INDEX replenishment_orders_status_idx ON replenishment_orders (status, order_by);
CREATE INDEX replenishment_orders_item_idx ON replenishment_orders (product_id, location_id);
CREATE SEQUENCE replenishment_order_number_seq;
GRANT USAGE ON SEQUENCE replenishment_order_number_seq TO sentia_app_access;
ALTER TABLE replenishment_orders
    ALTER COLUMN order_number SET DEFAULT 'RO-' || lpad(nextval('replenishment_order_number_seq')::text, 6, '0');

CREATE TRIGGER replenishment_orders_set_updated_at BEFORE UPDATE ON replenishment_orders
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER replenishment_orders_stamp_acting_user BEFORE INSERT OR UPDATE ON replenishment_orders
    FOR EACH ROW EXECUTE FUNCTION stamp_acting_user();
CREATE TRIGGER replenishment_orders_bump_row_version BEFORE UPDATE ON replenishment_orders
    FOR EACH ROW EXECUTE FUNCTION bump_row_version();
CREATE TRIGGER replenishment_orders_audit AFTER INSERT OR UPDATE OR DELETE ON replenishment_orders
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();

-- The largest order value the acting user may approve: unlimited (NULL) for admins (the
-- CFO approver), the manager cap for managers, nothing for anyone else. Reads the
-- setting with the definer's rights; the actor comes from the session.
CREATE FUNCTION sentia_approval_limit() RETURNS numeric
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT CASE sentia_current_role()
        WHEN 'admin' THEN NULL
        WHEN 'manager' THEN COALESCE(
            (SELECT value_decimal FROM system_settings
             WHERE category = 'approvals' AND key = 'manager_limit' AND scope = 'global'
               AND environment = 'all'),
            50000)
        ELSE 0
    END
$$;
ALTER FUNCTION sentia_approval_limit() OWNER TO sentia_definer;
REVOKE EXECUTE ON FUNCTION sentia_approval_limit() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sentia_approval_limit() TO sentia_app_access;

-- The workflow in the database: draft → submitted → approved / rejected → implemented
-- (a rejected order may be resubmitted), each step stamped with the acting user. Only
-- forecast.approve decides, within the approval cap; nothing else of an order changes
-- once it is submitted, except its move to the next state.
CREATE FUNCTION replenishment_orders_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    acting uuid := sentia_current_user_id();
    cap numeric;
BEGIN
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
CREATE TRIGGER replenishment_orders_guard BEFORE INSERT OR UPDATE OR DELETE ON replenishment_orders
    FOR EACH ROW EXECUTE FUNCTION replenishment_orders_guard();

-- 5. Production jobs move only forward --------------------------------------------------
-- pending → active → completed; pending or active → cancelled.
CREATE FUNCTION jobs_guard_transition() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status
       AND NOT sentia_is_maintenance(TG_RELID)
       AND NOT ((OLD.status, NEW.status) IN (('pending', 'active'), ('active', 'completed'),
                ('pending', 'cancelled'), ('active', 'cancelled'))) THEN
        RAISE EXCEPTION 'a % job cannot become %', OLD.status, NEW.status
            USING ERRCODE = 'integrity_constraint_violation',
                  CONSTRAINT = 'jobs_transition_check';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER jobs_guard_transition BEFORE UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION jobs_guard_transition();

-- 6. Who may read and write -------------------------------------------------------------
ALTER TABLE planning_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE replenishment_orders ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON planning_runs TO sentia_app_access;
GRANT SELECT, INSERT, UPDATE, DELETE ON replenishment_orders TO sentia_app_access;
CREATE POLICY planning_runs_read ON planning_runs FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_current_user_id()) IS NOT NULL);
CREATE POLICY planning_runs_insert ON planning_runs FOR INSERT TO sentia_app_access
    WITH CHECK ((SELECT sentia_has_permission('forecast.run')));
CREATE POLICY replenishment_orders_read ON replenishment_orders FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_current_user_id()) IS NOT NULL);
CREATE POLICY replenishment_orders_insert ON replenishment_orders FOR INSERT TO sentia_app_access
    WITH CHECK ((SELECT sentia_has_permission('forecast.run')));
-- Planners move orders along; deciding also needs forecast.approve and the cap (the guard).
CREATE POLICY replenishment_orders_update ON replenishment_orders FOR UPDATE TO sentia_app_access
    USING ((SELECT sentia_has_permission('forecast.run')))
    WITH CHECK ((SELECT sentia_has_permission('forecast.run')));
CREATE POLICY replenishment_orders_delete ON replenishment_orders FOR DELETE TO sentia_app_access
    USING ((SELECT sentia_has_permission('forecast.run')));
