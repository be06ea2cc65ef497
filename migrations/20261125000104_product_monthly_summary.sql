-- The product ranking over a year still read about 120,000 rows of sales_monthly_summary
-- at ten million sales (6,000 products, most sold on more than one channel). Without a
-- market or channel filter, which is how the dashboard opens, it needs neither the channel
-- nor the currency, so one more summary holds month x product in the base currency only.
-- sales_summary_apply() (0103) maintains it with the other three.

CREATE TABLE sales_product_monthly_summary (
    -- First day of the month.
    month            date    NOT NULL,
    product_id       uuid    NOT NULL,
    row_count        bigint  NOT NULL,
    units            bigint  NOT NULL,
    net_revenue_base numeric NOT NULL,
    CONSTRAINT sales_product_monthly_summary_pkey PRIMARY KEY (month, product_id),
    CONSTRAINT sales_product_monthly_summary_month_check CHECK (month = date_trunc('month', month)::date),
    CONSTRAINT sales_product_monthly_summary_row_count_check CHECK (row_count >= 0)
);

CREATE OR REPLACE FUNCTION sales_summary_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    -- Old rows (UPDATE, DELETE) are subtracted: their summary rows exist, the insert
    -- trigger made them. Plain UPDATEs, because a negative row_count would trip the CHECK
    -- before ON CONFLICT is considered (see 0102).
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        WITH o AS MATERIALIZED (
            SELECT sale_date, product_id, sales_channel_id, currency_code,
               count(*) AS row_count, sum(quantity_sold) AS units,
               sum(net_revenue) AS net_revenue, sum(cogs) AS cogs, sum(net_profit) AS net_profit,
               sum(net_revenue * fx_rate_to_base) AS net_revenue_base,
               sum(cogs * fx_rate_to_base) AS cogs_base,
               sum(net_profit * fx_rate_to_base) AS net_profit_base
            FROM old_rows
            GROUP BY sale_date, product_id, sales_channel_id, currency_code
        ), d AS (
            UPDATE sales_daily_summary s SET row_count = s.row_count - o.row_count, units = s.units - o.units, net_revenue = s.net_revenue - o.net_revenue, cogs = s.cogs - o.cogs, net_profit = s.net_profit - o.net_profit, net_revenue_base = s.net_revenue_base - o.net_revenue_base, cogs_base = s.cogs_base - o.cogs_base, net_profit_base = s.net_profit_base - o.net_profit_base
            FROM o WHERE s.sale_date = o.sale_date AND s.product_id = o.product_id AND s.sales_channel_id = o.sales_channel_id AND s.currency_code = o.currency_code
        ), m AS (
            UPDATE sales_monthly_summary s SET row_count = s.row_count - x.row_count, units = s.units - x.units, net_revenue = s.net_revenue - x.net_revenue, cogs = s.cogs - x.cogs, net_profit = s.net_profit - x.net_profit, net_revenue_base = s.net_revenue_base - x.net_revenue_base, cogs_base = s.cogs_base - x.cogs_base, net_profit_base = s.net_profit_base - x.net_profit_base
            FROM (SELECT date_trunc('month', sale_date)::date AS month, product_id, sales_channel_id, currency_code, sum(x.row_count) AS row_count, sum(x.units) AS units, sum(x.net_revenue) AS net_revenue, sum(x.cogs) AS cogs, sum(x.net_profit) AS net_profit, sum(x.net_revenue_base) AS net_revenue_base, sum(x.cogs_base) AS cogs_base, sum(x.net_profit_base) AS net_profit_base FROM o x GROUP BY 1, 2, 3, 4) x
            WHERE s.month = x.month AND s.product_id = x.product_id AND s.sales_channel_id = x.sales_channel_id AND s.currency_code = x.currency_code
        ), pm AS (
            UPDATE sales_product_monthly_summary s SET row_count = s.row_count - x.row_count,
                units = s.units - x.units, net_revenue_base = s.net_revenue_base - x.net_revenue_base
            FROM (SELECT date_trunc('month', sale_date)::date AS month, product_id, sum(row_count) AS row_count,
                         sum(units) AS units, sum(net_revenue_base) AS net_revenue_base
                  FROM o GROUP BY 1, 2) x
            WHERE s.month = x.month AND s.product_id = x.product_id
        )
        UPDATE sales_channel_daily_summary s SET row_count = s.row_count - x.row_count, units = s.units - x.units, net_revenue = s.net_revenue - x.net_revenue, cogs = s.cogs - x.cogs, net_profit = s.net_profit - x.net_profit, net_revenue_base = s.net_revenue_base - x.net_revenue_base, cogs_base = s.cogs_base - x.cogs_base, net_profit_base = s.net_profit_base - x.net_profit_base
        FROM (SELECT sale_date, sales_channel_id, currency_code, sum(x.row_count) AS row_count, sum(x.units) AS units, sum(x.net_revenue) AS net_revenue, sum(x.cogs) AS cogs, sum(x.net_profit) AS net_profit, sum(x.net_revenue_base) AS net_revenue_base, sum(x.cogs_base) AS cogs_base, sum(x.net_profit_base) AS net_profit_base FROM o x GROUP BY 1, 2, 3) x
        WHERE s.sale_date = x.sale_date AND s.sales_channel_id = x.sales_channel_id AND s.currency_code = x.currency_code;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        WITH n AS MATERIALIZED (
            SELECT sale_date, product_id, sales_channel_id, currency_code,
               count(*) AS row_count, sum(quantity_sold) AS units,
               sum(net_revenue) AS net_revenue, sum(cogs) AS cogs, sum(net_profit) AS net_profit,
               sum(net_revenue * fx_rate_to_base) AS net_revenue_base,
               sum(cogs * fx_rate_to_base) AS cogs_base,
               sum(net_profit * fx_rate_to_base) AS net_profit_base
            FROM new_rows
            GROUP BY sale_date, product_id, sales_channel_id, currency_code
        ), d AS (
            INSERT INTO sales_daily_summary AS s SELECT * FROM n
            ON CONFLICT ON CONSTRAINT sales_daily_summary_pkey DO UPDATE SET row_count = s.row_count + EXCLUDED.row_count, units = s.units + EXCLUDED.units, net_revenue = s.net_revenue + EXCLUDED.net_revenue, cogs = s.cogs + EXCLUDED.cogs, net_profit = s.net_profit + EXCLUDED.net_profit, net_revenue_base = s.net_revenue_base + EXCLUDED.net_revenue_base, cogs_base = s.cogs_base + EXCLUDED.cogs_base, net_profit_base = s.net_profit_base + EXCLUDED.net_profit_base
        ), m AS (
            INSERT INTO sales_monthly_summary AS s SELECT date_trunc('month', sale_date)::date AS month, product_id, sales_channel_id, currency_code, sum(x.row_count) AS row_count, sum(x.units) AS units, sum(x.net_revenue) AS net_revenue, sum(x.cogs) AS cogs, sum(x.net_profit) AS net_profit, sum(x.net_revenue_base) AS net_revenue_base, sum(x.cogs_base) AS cogs_base, sum(x.net_profit_base) AS net_profit_base FROM n x GROUP BY 1, 2, 3, 4
            ON CONFLICT ON CONSTRAINT sales_monthly_summary_pkey DO UPDATE SET row_count = s.row_count + EXCLUDED.row_count, units = s.units + EXCLUDED.units, net_revenue = s.net_revenue + EXCLUDED.net_revenue, cogs = s.cogs + EXCLUDED.cogs, net_profit = s.net_profit + EXCLUDED.net_profit, net_revenue_base = s.net_revenue_base + EXCLUDED.net_revenue_base, cogs_base = s.cogs_base + EXCLUDED.cogs_base, net_profit_base = s.net_profit_base + EXCLUDED.net_profit_base
        ), pm AS (
            INSERT INTO sales_product_monthly_summary AS s
            SELECT date_trunc('month', sale_date)::date, product_id, sum(row_count), sum(units),
                   sum(net_revenue_base)
            FROM n GROUP BY 1, 2
            ON CONFLICT ON CONSTRAINT sales_product_monthly_summary_pkey DO UPDATE SET
                row_count = s.row_count + EXCLUDED.row_count, units = s.units + EXCLUDED.units,
                net_revenue_base = s.net_revenue_base + EXCLUDED.net_revenue_base
        )
        INSERT INTO sales_channel_daily_summary AS s SELECT sale_date, sales_channel_id, currency_code, sum(x.row_count) AS row_count, sum(x.units) AS units, sum(x.net_revenue) AS net_revenue, sum(x.cogs) AS cogs, sum(x.net_profit) AS net_profit, sum(x.net_revenue_base) AS net_revenue_base, sum(x.cogs_base) AS cogs_base, sum(x.net_profit_base) AS net_profit_base FROM n x GROUP BY 1, 2, 3
        ON CONFLICT ON CONSTRAINT sales_channel_daily_summary_pkey DO UPDATE SET row_count = s.row_count + EXCLUDED.row_count, units = s.units + EXCLUDED.units, net_revenue = s.net_revenue + EXCLUDED.net_revenue, cogs = s.cogs + EXCLUDED.cogs, net_profit = s.net_profit + EXCLUDED.net_profit, net_revenue_base = s.net_revenue_base + EXCLUDED.net_revenue_base, cogs_base = s.cogs_base + EXCLUDED.cogs_base, net_profit_base = s.net_profit_base + EXCLUDED.net_profit_base;
    END IF;
    -- A day, month or channel-day whose rows were all deleted leaves nothing behind.
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM sales_daily_summary s
        USING (SELECT DISTINCT sale_date, product_id, sales_channel_id, currency_code FROM old_rows) o
        WHERE s.sale_date = o.sale_date AND s.product_id = o.product_id AND s.sales_channel_id = o.sales_channel_id AND s.currency_code = o.currency_code AND s.row_count = 0;
        DELETE FROM sales_monthly_summary s
        USING (SELECT DISTINCT date_trunc('month', sale_date)::date AS month, product_id,
                      sales_channel_id, currency_code FROM old_rows) o
        WHERE s.month = o.month AND s.product_id = o.product_id AND s.sales_channel_id = o.sales_channel_id AND s.currency_code = o.currency_code AND s.row_count = 0;
        DELETE FROM sales_channel_daily_summary s
        USING (SELECT DISTINCT sale_date, sales_channel_id, currency_code FROM old_rows) o
        WHERE s.sale_date = o.sale_date AND s.sales_channel_id = o.sales_channel_id AND s.currency_code = o.currency_code AND s.row_count = 0;
        DELETE FROM sales_product_monthly_summary s
        USING (SELECT DISTINCT date_trunc('month', sale_date)::date AS month, product_id FROM old_rows) o
        WHERE s.month = o.month AND s.product_id = o.product_id AND s.row_count = 0;
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION sales_daily_summary_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    TRUNCATE sales_daily_summary, sales_monthly_summary, sales_channel_daily_summary,
             sales_product_monthly_summary;
    RETURN NULL;
END;
$$;

-- Backfill from the monthly summary, which already equals historical_sales.
INSERT INTO sales_product_monthly_summary
SELECT month, product_id, sum(row_count), sum(units), sum(net_revenue_base)
FROM sales_monthly_summary
GROUP BY month, product_id;

-- Readable like the sales it summarises; written only by the definer trigger.
ALTER TABLE sales_product_monthly_summary ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON sales_product_monthly_summary TO sentia_app_access;
CREATE POLICY sales_product_monthly_summary_read ON sales_product_monthly_summary FOR SELECT
    TO sentia_app_access USING ((SELECT sentia_current_role()) IS NOT NULL);
