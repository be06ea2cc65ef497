-- How a run made its levels agree: bottom_up sums the series below every total; mint also
-- forecasts every total and reconciles all levels (MinT with a shrunk covariance of the
-- backtest errors), storing the reconciled series.
ALTER TABLE forecast_runs
    ADD COLUMN reconciliation varchar(10) NOT NULL DEFAULT 'bottom_up',
    ADD CONSTRAINT forecast_runs_reconciliation_check
        CHECK (reconciliation IN ('bottom_up', 'mint'));
