-- Forecast runs: a run is one batch with who, when, scope and engine version; each series
-- it forecast keeps what the workbench shows (history used, backtest, candidates ranked,
-- decomposition), so any past run can be reopened as it was. Forecast rows name their run,
-- carry both the 80 % and the 95 % interval, and an override links to the statistical row
-- it replaces.

-- 1. Runs -------------------------------------------------------------------------------
CREATE TABLE forecast_runs (
    id             uuid         NOT NULL DEFAULT gen_random_uuid(),
    bucket         varchar(5)   NOT NULL,
    horizon        integer      NOT NULL,
    -- The model asked for, e.g. Auto; each series records the model it ended with.
    model          varchar(50)  NOT NULL,
    engine_version varchar(50)  NOT NULL,
    -- What was forecast, as chosen (ids) and as shown ("GABA Red on Amazon UK").
    scope          jsonb        NOT NULL DEFAULT '{}'::jsonb,
    scope_label    text         NOT NULL,
    -- First day of the first forecast period: history is what came before it.
    origin_date    date         NOT NULL,
    series_count   integer      NOT NULL,
    point_count    integer      NOT NULL,
    elapsed_ms     integer      NOT NULL,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    created_by     uuid,
    updated_by     uuid,
    CONSTRAINT forecast_runs_pkey PRIMARY KEY (id),
    CONSTRAINT forecast_runs_bucket_check CHECK (bucket IN ('week', 'month')),
    CONSTRAINT forecast_runs_horizon_check CHECK (horizon BETWEEN 1 AND 104),
    CONSTRAINT forecast_runs_counts_check CHECK (series_count >= 0 AND point_count >= 0 AND elapsed_ms >= 0),
    CONSTRAINT forecast_runs_scope_check CHECK (jsonb_typeof(scope) = 'object'),
    CONSTRAINT forecast_runs_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT forecast_runs_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);
CREATE INDEX forecast_runs_created_at_idx ON forecast_runs (created_at DESC);

CREATE TRIGGER forecast_runs_set_updated_at BEFORE UPDATE ON forecast_runs
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER forecast_runs_stamp_acting_user BEFORE INSERT OR UPDATE ON forecast_runs
    FOR EACH ROW EXECUTE FUNCTION stamp_acting_user();
-- The run's row is its audit trail for the thousands of forecast rows it writes.
CREATE TRIGGER forecast_runs_audit AFTER INSERT OR UPDATE OR DELETE ON forecast_runs
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();

-- 2. What each series of a run showed ---------------------------------------------------
CREATE TABLE forecast_run_series (
    run_id           uuid         NOT NULL,
    product_id       uuid         NOT NULL,
    sales_channel_id uuid         NOT NULL,
    model_type       varchar(50)  NOT NULL,
    model_name       varchar(200) NOT NULL,
    -- Why this model: the engine's choice and where it ranked in the backtest.
    reason           text         NOT NULL,
    confidence_score numeric(3,2) NOT NULL,
    mase             numeric(9,4),
    wape             numeric(9,4),
    bias             numeric(14,4),
    -- {periods, values, censored, partial} as the engine saw them (censored periods are
    -- those with stock-out days; values are the observed units).
    history          jsonb        NOT NULL,
    -- {periods, actual, predicted}: the chosen model's forecast over held-out periods.
    backtest         jsonb        NOT NULL,
    -- [{model, mase, wape, bias, rank}], best first.
    candidates       jsonb        NOT NULL,
    -- {kind, trend, seasonal} over history and horizon.
    decomposition    jsonb        NOT NULL,
    CONSTRAINT forecast_run_series_pkey PRIMARY KEY (run_id, product_id, sales_channel_id),
    CONSTRAINT forecast_run_series_confidence_check CHECK (confidence_score >= 0 AND confidence_score <= 1),
    CONSTRAINT forecast_run_series_model_type_check CHECK (model_type IN
        ('ARIMA', 'ETS', 'Theta', 'Croston', 'Prophet', 'ML', 'Ensemble', 'Naive', 'Manual')),
    CONSTRAINT forecast_run_series_run_id_fkey FOREIGN KEY (run_id) REFERENCES forecast_runs (id)
        ON DELETE CASCADE,
    CONSTRAINT forecast_run_series_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id)
        ON DELETE CASCADE,
    CONSTRAINT forecast_run_series_sales_channel_id_fkey FOREIGN KEY (sales_channel_id)
        REFERENCES sales_channels (id) ON DELETE CASCADE
);
CREATE INDEX forecast_run_series_series_idx ON forecast_run_series (product_id, sales_channel_id);

-- 3. Forecast rows ----------------------------------------------------------------------
ALTER TABLE forecasts
    ADD COLUMN run_id         uuid,
    ADD COLUMN bucket         varchar(5),
    ADD COLUMN lower_80       integer,
    ADD COLUMN upper_80       integer,
    ADD COLUMN wape           numeric(9,4),
    ADD COLUMN bias           numeric(14,4),
    -- A Manual row's statistical forecast, kept beside it.
    ADD COLUMN statistical_id uuid,
    ADD CONSTRAINT forecasts_run_id_fkey FOREIGN KEY (run_id) REFERENCES forecast_runs (id)
        ON DELETE RESTRICT,
    ADD CONSTRAINT forecasts_statistical_id_fkey FOREIGN KEY (statistical_id) REFERENCES forecasts (id)
        ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT forecasts_bucket_check CHECK (bucket IS NULL OR bucket IN ('week', 'month')),
    ADD CONSTRAINT forecasts_bounds_80_check CHECK (
        (lower_80 IS NULL) = (upper_80 IS NULL)
        AND (lower_80 IS NULL OR (lower_80 >= 0 AND lower_80 <= predicted_demand
                                  AND predicted_demand <= upper_80))),
    ADD CONSTRAINT forecasts_statistical_check CHECK (
        statistical_id IS NULL OR (model_type = 'Manual' AND statistical_id <> id));
CREATE INDEX forecasts_run_id_idx ON forecasts (run_id);
CREATE INDEX forecasts_statistical_id_idx ON forecasts (statistical_id) WHERE statistical_id IS NOT NULL;

-- A run supersedes every live future row of the series it forecasts: those updates are
-- traced by the superseding row (its run and creator), not audited one by one. Any other
-- change of a forecast row is still audited.
DROP TRIGGER forecasts_audit ON forecasts;
CREATE TRIGGER forecasts_audit AFTER UPDATE ON forecasts FOR EACH ROW
    WHEN ((to_jsonb(OLD) - ARRAY['superseded_by', 'superseded_at', 'updated_at', 'updated_by'])
          IS DISTINCT FROM (to_jsonb(NEW) - ARRAY['superseded_by', 'superseded_at', 'updated_at', 'updated_by']))
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER forecasts_delete_audit AFTER DELETE ON forecasts FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();

-- 4. Who may read and write -------------------------------------------------------------
ALTER TABLE forecast_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE forecast_run_series ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON forecast_runs, forecast_run_series TO sentia_app_access;
CREATE POLICY forecast_runs_read ON forecast_runs FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_current_user_id()) IS NOT NULL);
CREATE POLICY forecast_runs_insert ON forecast_runs FOR INSERT TO sentia_app_access
    WITH CHECK ((SELECT sentia_has_permission('forecast.run')));
CREATE POLICY forecast_run_series_read ON forecast_run_series FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_current_user_id()) IS NOT NULL);
CREATE POLICY forecast_run_series_insert ON forecast_run_series FOR INSERT TO sentia_app_access
    WITH CHECK ((SELECT sentia_has_permission('forecast.run')));
