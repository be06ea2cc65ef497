-- A run's model parameters are the same for every period of a series: they are kept once,
-- with the series (`forecast_run_series.model_parameters`), instead of on each of its
-- forecast rows, whose `model_parameters` then name where they are. At 15,000 series and
-- twelve periods this keeps about 250 MB of repeated JSON out of every run.
ALTER TABLE forecast_run_series ADD COLUMN model_parameters jsonb NOT NULL DEFAULT '{}'::jsonb;
