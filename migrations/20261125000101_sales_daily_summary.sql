-- The dashboard's aggregates come from a daily summary per product, channel and currency,
-- kept current by statement-level triggers on historical_sales. Ten million sales rows
-- become a few hundred thousand summary rows at most (days x products x channels), so a
-- period's KPIs, markets, channels, trend and top products are sums over an index range.
--
-- Triggers rather than a materialised view: a view is stale until someone refreshes it,
-- and the dashboard must show what was just imported. Statement-level triggers with
-- transition tables aggregate a whole import statement at once, so a bulk insert pays
-- one GROUP BY, not one upsert per row.

CREATE TABLE sales_daily_summary (
    sale_date        date          NOT NULL,
    product_id       uuid          NOT NULL,
    sales_channel_id uuid          NOT NULL,
    currency_code    varchar(3)    NOT NULL,
    -- bigint: sums over many source rows. Returned as numbers by the app, never as i64 IPC.
    row_count        bigint        NOT NULL,
    units            bigint        NOT NULL,
    -- In currency_code, exact sums of numeric(12,2) columns.
    net_revenue      numeric(18,2) NOT NULL,
    cogs             numeric(18,2) NOT NULL,
    net_profit       numeric(18,2) NOT NULL,
    -- In the base currency (GBP) at each source row's rate of the day, unrounded: rounding
    -- happens once, in the app, after summing (round_money), not per row.
    net_revenue_base numeric       NOT NULL,
    cogs_base        numeric       NOT NULL,
    net_profit_base  numeric       NOT NULL,
    CONSTRAINT sales_daily_summary_pkey PRIMARY KEY (sale_date, product_id, sales_channel_id, currency_code),
    CONSTRAINT sales_daily_summary_row_count_check CHECK (row_count >= 0)
);

-- No foreign keys: the summary is derived from historical_sales, whose own keys already
-- stop products and channels with sales from being deleted.

CREATE FUNCTION sales_daily_summary_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    -- Old rows (UPDATE, DELETE) are subtracted, new rows (INSERT, UPDATE) added.
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO sales_daily_summary AS s
        SELECT sale_date, product_id, sales_channel_id, currency_code,
               -count(*), -sum(quantity_sold), -sum(net_revenue), -sum(cogs), -sum(net_profit),
               -sum(net_revenue * fx_rate_to_base), -sum(cogs * fx_rate_to_base),
               -sum(net_profit * fx_rate_to_base)
        FROM old_rows
        GROUP BY sale_date, product_id, sales_channel_id, currency_code
        ON CONFLICT ON CONSTRAINT sales_daily_summary_pkey DO UPDATE SET
            row_count = s.row_count + EXCLUDED.row_count, units = s.units + EXCLUDED.units,
            net_revenue = s.net_revenue + EXCLUDED.net_revenue, cogs = s.cogs + EXCLUDED.cogs,
            net_profit = s.net_profit + EXCLUDED.net_profit,
            net_revenue_base = s.net_revenue_base + EXCLUDED.net_revenue_base,
            cogs_base = s.cogs_base + EXCLUDED.cogs_base,
            net_profit_base = s.net_profit_base + EXCLUDED.net_profit_base;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO sales_daily_summary AS s
        SELECT sale_date, product_id, sales_channel_id, currency_code,
               count(*), sum(quantity_sold), sum(net_revenue), sum(cogs), sum(net_profit),
               sum(net_revenue * fx_rate_to_base), sum(cogs * fx_rate_to_base),
               sum(net_profit * fx_rate_to_base)
        FROM new_rows
        GROUP BY sale_date, product_id, sales_channel_id, currency_code
        ON CONFLICT ON CONSTRAINT sales_daily_summary_pkey DO UPDATE SET
            row_count = s.row_count + EXCLUDED.row_count, units = s.units + EXCLUDED.units,
            net_revenue = s.net_revenue + EXCLUDED.net_revenue, cogs = s.cogs + EXCLUDED.cogs,
            net_profit = s.net_profit + EXCLUDED.net_profit,
            net_revenue_base = s.net_revenue_base + EXCLUDED.net_revenue_base,
            cogs_base = s.cogs_base + EXCLUDED.cogs_base,
            net_profit_base = s.net_profit_base + EXCLUDED.net_profit_base;
    END IF;
    -- A day whose rows were all deleted leaves nothing behind.
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM sales_daily_summary s
        USING (SELECT DISTINCT sale_date, product_id, sales_channel_id, currency_code FROM old_rows) o
        WHERE s.sale_date = o.sale_date AND s.product_id = o.product_id
          AND s.sales_channel_id = o.sales_channel_id AND s.currency_code = o.currency_code
          AND s.row_count = 0;
    END IF;
    RETURN NULL;
END;
$$;

-- A trigger with transition tables can name only the ones its event has, hence three.
CREATE TRIGGER historical_sales_summary_insert AFTER INSERT ON historical_sales
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sales_daily_summary_apply();
CREATE TRIGGER historical_sales_summary_update AFTER UPDATE ON historical_sales
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sales_daily_summary_apply();
CREATE TRIGGER historical_sales_summary_delete AFTER DELETE ON historical_sales
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sales_daily_summary_apply();
-- TRUNCATE bypasses row triggers; keep the summary consistent with it too.
CREATE FUNCTION sales_daily_summary_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    TRUNCATE sales_daily_summary;
    RETURN NULL;
END;
$$;
CREATE TRIGGER historical_sales_summary_truncate AFTER TRUNCATE ON historical_sales
    FOR EACH STATEMENT EXECUTE FUNCTION sales_daily_summary_truncate();

-- Backfill whatever sales exist already (a database migrated after its data was loaded).
INSERT INTO sales_daily_summary
SELECT sale_date, product_id, sales_channel_id, currency_code,
       count(*), sum(quantity_sold), sum(net_revenue), sum(cogs), sum(net_profit),
       sum(net_revenue * fx_rate_to_base), sum(cogs * fx_rate_to_base),
       sum(net_profit * fx_rate_to_base)
FROM historical_sales
GROUP BY sale_date, product_id, sales_channel_id, currency_code;

-- Channel filter of the dashboard; the primary key already serves date ranges.
CREATE INDEX sales_daily_summary_channel_date_idx ON sales_daily_summary (sales_channel_id, sale_date);

-- Readable like the sales it summarises; written only by the definer triggers.
ALTER TABLE sales_daily_summary ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON sales_daily_summary TO sentia_app_access;
CREATE POLICY sales_daily_summary_read ON sales_daily_summary FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_current_role()) IS NOT NULL);

-- Forecast accuracy tile: scored forecasts in a period.
CREATE INDEX forecasts_scored_date_idx ON forecasts (forecast_date)
    WHERE actual_demand IS NOT NULL AND superseded_by IS NULL;
