-- Forecast accuracy and forecast value added. Once a forecast period has passed and its
-- sales are in, the actual demand is recorded on every forecast row of that period (the
-- statistical rows kept beside overrides included); `forecast_accuracy` then sets, per
-- live series and period, what happened beside what the statistical forecast, the
-- planner's override and a naive forecast (the last complete period before the run) said.

-- 1. Recording actual demand -------------------------------------------------------------
-- Derived figures, like the superseding of a run: not audited row by row.
DROP TRIGGER forecasts_audit ON forecasts;
CREATE TRIGGER forecasts_audit AFTER UPDATE ON forecasts FOR EACH ROW
    WHEN ((to_jsonb(OLD) - ARRAY['superseded_by', 'superseded_at', 'actual_demand', 'updated_at', 'updated_by'])
          IS DISTINCT FROM (to_jsonb(NEW) - ARRAY['superseded_by', 'superseded_at', 'actual_demand', 'updated_at', 'updated_by']))
    EXECUTE FUNCTION audit_row_change();

-- Records the units sold in every complete forecast period that overlaps [p_from, p_until]
-- (the dates whose sales changed), and clears it where a period is no longer complete. A
-- period is complete when it has ended and the sales history reaches its end. Returns the rows changed. Anyone signed in may call it: it only
-- writes what the sales history says, whatever the caller's rights on forecasts.
CREATE FUNCTION forecasts_record_actuals(p_from date, p_until date) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    complete_until date;
    changed integer;
BEGIN
    IF sentia_current_user_id() IS NULL THEN
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
    UPDATE forecasts f SET actual_demand = a.units
    FROM actual a
    WHERE f.id = a.id AND f.actual_demand IS DISTINCT FROM a.units;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END;
$$;

GRANT UPDATE (actual_demand) ON forecasts TO sentia_definer;
GRANT SELECT ON historical_sales TO sentia_definer;
CREATE POLICY historical_sales_definer ON historical_sales FOR SELECT TO sentia_definer USING (true);
GRANT CREATE ON SCHEMA public TO sentia_definer;
ALTER FUNCTION forecasts_record_actuals(date, date) OWNER TO sentia_definer;
REVOKE CREATE ON SCHEMA public FROM sentia_definer;
REVOKE ALL ON FUNCTION forecasts_record_actuals(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION forecasts_record_actuals(date, date) TO sentia_app_access;

-- 2. Accuracy per live series and period -------------------------------------------------
-- The naive forecast of a run's series: the units of the last complete period it saw.
ALTER TABLE forecast_run_series ADD COLUMN naive_units double precision
    GENERATED ALWAYS AS ((jsonb_path_query_array(history, '$[*] ? (@.partial == false).units') -> -1)::float8) STORED;

-- The live row of a past period is the last forecast made before it (a run supersedes
-- only from its origin on). Read with the caller's rights.
CREATE VIEW forecast_accuracy WITH (security_invoker = true) AS
SELECT f.id AS forecast_id,
       f.run_id,
       f.product_id,
       f.sales_channel_id,
       f.bucket,
       f.forecast_date AS period,
       f.actual_demand AS actual,
       f.predicted_demand AS final,
       COALESCE(s.predicted_demand, f.predicted_demand) AS statistical,
       rs.naive_units AS naive,
       CASE WHEN f.model_type = 'Manual' THEN f.created_by END AS overridden_by
FROM forecasts f
LEFT JOIN forecasts s ON s.id = f.statistical_id
LEFT JOIN forecast_run_series rs
       ON rs.run_id = f.run_id AND rs.product_id = f.product_id
      AND rs.sales_channel_id = f.sales_channel_id
WHERE f.superseded_by IS NULL AND f.actual_demand IS NOT NULL AND f.run_id IS NOT NULL;
GRANT SELECT ON forecast_accuracy TO sentia_app_access;
