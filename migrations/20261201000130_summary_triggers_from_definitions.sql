-- The four dashboard summaries of 0101–0104 were maintained by one trigger function whose
-- text repeated the same eight-measure aggregation for each summary and each path (add,
-- subtract, drop empty rows). Here the summaries are data, and the trigger function is
-- generated from it: a later summary is one row in `sales_summaries` and a call of
-- `sales_summaries_rebuild()`. The generated SQL is the same as before, statement for
-- statement.

-- One row per summary table. `keys` are the summary's key columns with the expression that
-- computes each from a daily-grain row (sale_date, product_id, sales_channel_id,
-- currency_code); `measures` are the summed columns it keeps, of the eight below.
CREATE TABLE sales_summaries (
    table_name varchar(63) NOT NULL,
    keys       jsonb       NOT NULL,
    measures   text[]      NOT NULL,
    CONSTRAINT sales_summaries_pkey PRIMARY KEY (table_name),
    CONSTRAINT sales_summaries_keys_check CHECK (jsonb_typeof(keys) = 'array'),
    CONSTRAINT sales_summaries_measures_check CHECK (
        measures <@ ARRAY['row_count', 'units', 'net_revenue', 'cogs', 'net_profit',
                          'net_revenue_base', 'cogs_base', 'net_profit_base']
        AND 'row_count' = ANY (measures))
);
ALTER TABLE sales_summaries ENABLE ROW LEVEL SECURITY;

INSERT INTO sales_summaries (table_name, keys, measures) VALUES
    ('sales_daily_summary',
     '[["sale_date", "sale_date"], ["product_id", "product_id"],
       ["sales_channel_id", "sales_channel_id"], ["currency_code", "currency_code"]]',
     ARRAY['row_count', 'units', 'net_revenue', 'cogs', 'net_profit', 'net_revenue_base',
           'cogs_base', 'net_profit_base']),
    ('sales_monthly_summary',
     '[["month", "date_trunc(''month'', sale_date)::date"], ["product_id", "product_id"],
       ["sales_channel_id", "sales_channel_id"], ["currency_code", "currency_code"]]',
     ARRAY['row_count', 'units', 'net_revenue', 'cogs', 'net_profit', 'net_revenue_base',
           'cogs_base', 'net_profit_base']),
    ('sales_channel_daily_summary',
     '[["sale_date", "sale_date"], ["sales_channel_id", "sales_channel_id"],
       ["currency_code", "currency_code"]]',
     ARRAY['row_count', 'units', 'net_revenue', 'cogs', 'net_profit', 'net_revenue_base',
           'cogs_base', 'net_profit_base']),
    ('sales_product_monthly_summary',
     '[["month", "date_trunc(''month'', sale_date)::date"], ["product_id", "product_id"]]',
     ARRAY['row_count', 'units', 'net_revenue_base']);

-- Writes sales_summary_apply() and sales_daily_summary_truncate() from sales_summaries.
-- The migrator runs it; the functions it writes keep their owner (sentia_definer), their
-- SECURITY DEFINER and their search_path.
-- "s1 AS (a), s2 AS (b) c": every statement but the last as a data-modifying CTE after
-- the grain's own CTE, the last as the main statement.
CREATE FUNCTION sales_summaries_chain(statements text[]) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT COALESCE(string_agg(format(', s%s AS (%s)', i, st), '' ORDER BY i)
                    FILTER (WHERE i < cardinality(statements)), '')
           || ' ' || statements[cardinality(statements)]
    FROM unnest(statements) WITH ORDINALITY AS u(st, i)
$$;

CREATE FUNCTION sales_summaries_rebuild() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $build$
DECLARE
    s           record;
    key_cols    text;   -- month, product_id, …
    key_exprs   text;   -- date_trunc(…) AS month, product_id, …
    key_match   text;   -- s.month = x.month AND …
    positions   text;   -- 1, 2, …
    sums        text;   -- sum(x.units) AS units, …
    subtract    text;   -- units = s.units - x.units, …
    add         text;   -- units = s.units + EXCLUDED.units, …
    subtracts   text[] := '{}';
    adds        text[] := '{}';
    drops       text   := '';
    tables      text[] := '{}';
    daily_grain boolean;
    grouped     text;   -- the summary's rows from the daily grain x
    body        text;
BEGIN
    FOR s IN SELECT * FROM sales_summaries ORDER BY table_name LOOP
        SELECT string_agg(quote_ident(k ->> 0), ', ' ORDER BY i),
               string_agg(format('%s AS %I', k ->> 1, k ->> 0), ', ' ORDER BY i),
               string_agg(format('s.%1$I = x.%1$I', k ->> 0), ' AND ' ORDER BY i),
               string_agg(i::text, ', ' ORDER BY i)
        INTO key_cols, key_exprs, key_match, positions
        FROM jsonb_array_elements(s.keys) WITH ORDINALITY AS e(k, i);
        -- The daily summary is the daily grain itself: no second grouping of a bulk load.
        daily_grain := s.keys = '[["sale_date", "sale_date"], ["product_id", "product_id"],
            ["sales_channel_id", "sales_channel_id"], ["currency_code", "currency_code"]]'::jsonb;
        SELECT string_agg(format(CASE WHEN daily_grain THEN 'x.%1$I' ELSE 'sum(x.%1$I) AS %1$I' END, m), ', '),
               string_agg(format('%1$I = s.%1$I - x.%1$I', m), ', '),
               string_agg(format('%1$I = s.%1$I + EXCLUDED.%1$I', m), ', ')
        INTO sums, subtract, add
        FROM unnest(s.measures) AS m;

        grouped := format('SELECT %s, %s FROM %%1$s x', key_exprs, sums)
                   || CASE WHEN daily_grain THEN '' ELSE ' GROUP BY ' || positions END;
        subtracts := subtracts || format(
            'UPDATE %1$I s SET %2$s FROM (%3$s) x WHERE %4$s',
            s.table_name, subtract, format(grouped, 'o'), key_match);
        adds := adds || format(
            'INSERT INTO %1$I AS s (%2$s, %3$s) %4$s ON CONFLICT (%2$s) DO UPDATE SET %5$s',
            s.table_name, key_cols, array_to_string(s.measures, ', '), format(grouped, 'n'),
            add);
        drops := drops || format(
            'DELETE FROM %1$I s USING (SELECT DISTINCT %2$s FROM old_rows) x WHERE %3$s AND s.row_count = 0;',
            s.table_name, key_exprs, key_match) || E'\n        ';
        tables := tables || quote_ident(s.table_name);
    END LOOP;

    -- Each path is one statement: the daily grain of the statement's rows (o or n) is
    -- computed once and every summary is regrouped from it in a data-modifying CTE.
    body := format($f$
CREATE OR REPLACE FUNCTION public.sales_summary_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $fn$
BEGIN
    -- Old rows (UPDATE, DELETE) are subtracted with plain UPDATEs: their summary rows
    -- exist, and a negative row_count would trip the CHECK before ON CONFLICT (see 0102).
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        WITH o AS MATERIALIZED (%1$s FROM old_rows %2$s)%3$s;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        WITH n AS MATERIALIZED (%1$s FROM new_rows %2$s)%4$s;
    END IF;
    -- A summary row whose source rows were all deleted leaves nothing behind.
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        %5$s
    END IF;
    RETURN NULL;
END;
$fn$;
CREATE OR REPLACE FUNCTION public.sales_daily_summary_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $fn$
BEGIN
    TRUNCATE %6$s;
    RETURN NULL;
END;
$fn$;$f$,
        'SELECT sale_date, product_id, sales_channel_id, currency_code, count(*) AS row_count, '
        'sum(quantity_sold) AS units, sum(net_revenue) AS net_revenue, sum(cogs) AS cogs, '
        'sum(net_profit) AS net_profit, sum(net_revenue * fx_rate_to_base) AS net_revenue_base, '
        'sum(cogs * fx_rate_to_base) AS cogs_base, sum(net_profit * fx_rate_to_base) AS net_profit_base',
        'GROUP BY sale_date, product_id, sales_channel_id, currency_code',
        sales_summaries_chain(subtracts), sales_summaries_chain(adds), drops, array_to_string(tables, ', '));
    EXECUTE body;
END;
$build$;

SELECT sales_summaries_rebuild();
REVOKE ALL ON FUNCTION sales_summaries_rebuild(), sales_summaries_chain(text[]) FROM PUBLIC;
