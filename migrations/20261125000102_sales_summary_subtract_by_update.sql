-- Fixes sales_daily_summary_apply() from 0101 for UPDATE and DELETE on historical_sales.
-- It subtracted old rows with INSERT … ON CONFLICT DO UPDATE, but PostgreSQL checks CHECK
-- constraints on the proposed row before it looks for the conflict, so the negative
-- row_count tripped sales_daily_summary_row_count_check. Old rows always have their
-- summary row (the insert trigger made it), so subtracting is a plain UPDATE … FROM.
CREATE OR REPLACE FUNCTION sales_daily_summary_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE sales_daily_summary s SET
            row_count = s.row_count - o.row_count, units = s.units - o.units,
            net_revenue = s.net_revenue - o.net_revenue, cogs = s.cogs - o.cogs,
            net_profit = s.net_profit - o.net_profit,
            net_revenue_base = s.net_revenue_base - o.net_revenue_base,
            cogs_base = s.cogs_base - o.cogs_base,
            net_profit_base = s.net_profit_base - o.net_profit_base
        FROM (
            SELECT sale_date, product_id, sales_channel_id, currency_code,
                   count(*) AS row_count, sum(quantity_sold) AS units,
                   sum(net_revenue) AS net_revenue, sum(cogs) AS cogs, sum(net_profit) AS net_profit,
                   sum(net_revenue * fx_rate_to_base) AS net_revenue_base,
                   sum(cogs * fx_rate_to_base) AS cogs_base,
                   sum(net_profit * fx_rate_to_base) AS net_profit_base
            FROM old_rows
            GROUP BY sale_date, product_id, sales_channel_id, currency_code
        ) o
        WHERE s.sale_date = o.sale_date AND s.product_id = o.product_id
          AND s.sales_channel_id = o.sales_channel_id AND s.currency_code = o.currency_code;
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
