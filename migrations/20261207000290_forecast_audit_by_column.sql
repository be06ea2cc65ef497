-- A forecast run supersedes every live row of the series it forecasts: one UPDATE that sets
-- superseded_by and superseded_at on up to 180,000 rows. The audit trigger's WHEN turned
-- both versions of each row into JSON to find that nothing audited had changed, which was
-- half the cost of that UPDATE. Naming the audited columns in UPDATE OF lets PostgreSQL skip
-- the trigger for statements that set none of them, without evaluating anything per row.
-- The WHEN stays for statements that do set one (possibly to its old value).
--
-- The list is every column except the derived or bookkeeping ones (superseded_by,
-- superseded_at, actual_demand, updated_at, updated_by); crates/db/tests/schema.rs fails
-- when a column is added to forecasts and not here. The BEFORE triggers change no audited
-- column in such a statement: the stamp keeps created_by, and the decision guard writes
-- approved_by / rejected_by only when the status is set.
DROP TRIGGER forecasts_audit ON forecasts;
CREATE TRIGGER forecasts_audit
    AFTER UPDATE OF id, product_id, sales_channel_id, forecast_date, origin_date, horizon_days,
        predicted_demand, lower_bound, upper_bound, interval_level, confidence_score, model_type,
        model_name, model_version, model_parameters, trend_component, seasonal_component, mape,
        smape, mase, rmse, status, submitted_by, submitted_at, approved_by, approved_at,
        rejected_by, rejected_at, rejection_reason, override_reason, created_at, created_by,
        run_id, bucket, lower_80, upper_80, wape, bias, statistical_id
    ON forecasts FOR EACH ROW
    WHEN ((to_jsonb(OLD) - ARRAY['superseded_by', 'superseded_at', 'actual_demand', 'updated_at', 'updated_by'])
          IS DISTINCT FROM (to_jsonb(NEW) - ARRAY['superseded_by', 'superseded_at', 'actual_demand', 'updated_at', 'updated_by']))
    EXECUTE FUNCTION audit_row_change();
