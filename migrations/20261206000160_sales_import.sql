-- Sales import: batches with the file's hash, an order-line key on the sales history, a
-- staging table for COPY, and a rollback that is audited once per batch rather than once
-- per row.

-- 1. Batches ----------------------------------------------------------------------------
CREATE TABLE import_batches (
    id              uuid          NOT NULL DEFAULT gen_random_uuid(),
    file_name       varchar(255)  NOT NULL,
    -- SHA-256 of the file's bytes: the same file is imported once while its batch stands.
    file_sha256     varchar(64)   NOT NULL,
    layout          varchar(20)   NOT NULL,
    mode            varchar(20)   NOT NULL,
    rows_read       integer       NOT NULL,
    rows_written    integer       NOT NULL,
    rows_rejected   integer       NOT NULL,
    rows_skipped    integer       NOT NULL,
    quality         numeric(3,2),
    first_sale_date date,
    last_sale_date  date,
    status          varchar(20)   NOT NULL DEFAULT 'imported',
    rolled_back_at  timestamptz,
    rolled_back_by  uuid,
    rollback_reason text,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    created_by      uuid,
    updated_by      uuid,
    CONSTRAINT import_batches_pkey PRIMARY KEY (id),
    CONSTRAINT import_batches_file_sha256_check CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT import_batches_layout_check CHECK (layout IN ('template', 'shopify', 'amazon')),
    CONSTRAINT import_batches_mode_check CHECK (mode IN ('allOrNothing', 'validOnly')),
    CONSTRAINT import_batches_counts_check CHECK (
        rows_read >= 0 AND rows_written >= 0 AND rows_rejected >= 0 AND rows_skipped >= 0
        AND rows_written + rows_rejected + rows_skipped <= rows_read),
    CONSTRAINT import_batches_quality_check CHECK (quality IS NULL OR (quality >= 0 AND quality <= 1)),
    CONSTRAINT import_batches_status_check CHECK (status IN ('imported', 'rolled_back')),
    CONSTRAINT import_batches_rollback_check CHECK (
        (status = 'imported') = (rolled_back_at IS NULL)
        AND (status = 'imported' OR length(btrim(COALESCE(rollback_reason, ''))) > 0)),
    CONSTRAINT import_batches_rolled_back_by_fkey FOREIGN KEY (rolled_back_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT import_batches_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT import_batches_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);
-- Re-importing a file whose batch stands is refused; after a rollback it may come in again.
CREATE UNIQUE INDEX import_batches_file_once_idx ON import_batches (file_sha256) WHERE status = 'imported';
CREATE INDEX import_batches_created_at_idx ON import_batches (created_at DESC);

CREATE TRIGGER import_batches_set_updated_at BEFORE UPDATE ON import_batches
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER import_batches_stamp_acting_user BEFORE INSERT OR UPDATE ON import_batches
    FOR EACH ROW EXECUTE FUNCTION stamp_acting_user();
CREATE TRIGGER import_batches_audit AFTER INSERT OR UPDATE OR DELETE ON import_batches
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER import_batches_audit_truncate AFTER TRUNCATE ON import_batches
    FOR EACH STATEMENT EXECUTE FUNCTION audit_truncate();

-- A batch changes once, from imported to rolled back, stamped with who did it; its
-- figures never change. Otherwise a batch could be marked rolled back (deleting its rows
-- without a row-by-row audit, below) and then marked imported again.
CREATE FUNCTION import_batches_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF OLD.status <> 'imported' OR NEW.status <> 'rolled_back'
       OR (NEW.file_name, NEW.file_sha256, NEW.layout, NEW.mode, NEW.rows_read, NEW.rows_written,
           NEW.rows_rejected, NEW.rows_skipped, NEW.quality, NEW.first_sale_date, NEW.last_sale_date,
           NEW.created_at, NEW.created_by)
          IS DISTINCT FROM
          (OLD.file_name, OLD.file_sha256, OLD.layout, OLD.mode, OLD.rows_read, OLD.rows_written,
           OLD.rows_rejected, OLD.rows_skipped, OLD.quality, OLD.first_sale_date, OLD.last_sale_date,
           OLD.created_at, OLD.created_by) THEN
        RAISE EXCEPTION 'an import batch can only be rolled back, once'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'import_batches_rollback_once';
    END IF;
    NEW.rolled_back_at := now();
    NEW.rolled_back_by := sentia_current_user_id();
    RETURN NEW;
END;
$$;
CREATE TRIGGER import_batches_guard BEFORE UPDATE ON import_batches
    FOR EACH ROW EXECUTE FUNCTION import_batches_guard();

-- The rows a valid-only import left out, so the batch says what was not imported and why.
CREATE TABLE import_rejections (
    batch_id    uuid         NOT NULL,
    row_no      bigint       NOT NULL,
    column_name varchar(255),
    problem     varchar(40)  NOT NULL,
    message     text         NOT NULL,
    value       varchar(255),
    suggestion  varchar(255),
    CONSTRAINT import_rejections_pkey PRIMARY KEY (batch_id, row_no),
    CONSTRAINT import_rejections_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES import_batches (id)
        ON DELETE CASCADE
);

-- 2. The order-line key -----------------------------------------------------------------
-- An imported row names its order and line in the source, so the same line is never
-- imported twice, even from two different files (overlapping exports).
ALTER TABLE historical_sales
    ADD COLUMN import_batch_id uuid,
    ADD COLUMN order_ref       varchar(255),
    ADD COLUMN order_line      integer,
    ADD CONSTRAINT historical_sales_import_batch_id_fkey FOREIGN KEY (import_batch_id)
        REFERENCES import_batches (id) ON DELETE RESTRICT,
    ADD CONSTRAINT historical_sales_order_line_check
        CHECK ((order_ref IS NULL) = (order_line IS NULL) AND (order_line IS NULL OR order_line >= 1));
CREATE UNIQUE INDEX historical_sales_order_line_key
    ON historical_sales (sales_channel_id, order_ref, order_line) WHERE order_ref IS NOT NULL;
CREATE INDEX historical_sales_import_batch_idx
    ON historical_sales (import_batch_id) WHERE import_batch_id IS NOT NULL;

-- 3. Rollback audited per batch ---------------------------------------------------------
-- Deleting imported rows is audited row by row as before, except when their batch is
-- being rolled back: then the batch's own audited change says what went and why, and a
-- million-row rollback does not write a million audit rows.
DROP TRIGGER historical_sales_audit ON historical_sales;
CREATE TRIGGER historical_sales_audit AFTER UPDATE ON historical_sales FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER historical_sales_audit_delete AFTER DELETE ON historical_sales FOR EACH ROW
    WHEN (OLD.import_batch_id IS NULL) EXECUTE FUNCTION audit_row_change();

CREATE FUNCTION audit_imported_sales_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO audit_log (actor_id, action, entity, entity_id, details)
    SELECT sentia_current_user_id(), 'row.delete', 'historical_sales', o.id, to_jsonb(o) - 'updated_at'
    FROM gone o
    JOIN import_batches b ON b.id = o.import_batch_id
    WHERE b.status = 'imported';
    RETURN NULL;
END;
$$;
CREATE TRIGGER historical_sales_audit_imported_delete AFTER DELETE ON historical_sales
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION audit_imported_sales_delete();

-- 4. Staging ------------------------------------------------------------------------------
-- COPY FROM refuses tables with row-level security, so the staging table has none. Its
-- rows exist only inside the importing transaction (the import deletes them before it
-- commits, or rolls back), so no other session ever sees them; each import tags its rows
-- with its own id. Only importers may write here: checked once per statement.
CREATE UNLOGGED TABLE sales_import_staging (
    import_id  uuid    NOT NULL,
    row_no     bigint  NOT NULL,
    order_ref  text    NOT NULL,
    order_line integer NOT NULL,
    sale_date  date    NOT NULL,
    sku        text    NOT NULL,
    channel    text,
    quantity   integer NOT NULL,
    unit_price numeric NOT NULL,
    currency   text    NOT NULL
);
CREATE INDEX sales_import_staging_import_idx ON sales_import_staging (import_id);

CREATE FUNCTION sales_import_staging_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT sentia_is_maintenance(TG_RELID::regclass) AND NOT COALESCE(sentia_has_permission('data.import'), false) THEN
        RAISE EXCEPTION 'importing sales needs the data.import permission'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER sales_import_staging_guard BEFORE INSERT ON sales_import_staging
    FOR EACH STATEMENT EXECUTE FUNCTION sales_import_staging_guard();

-- 5. Set-based validation ---------------------------------------------------------------
-- Every staged row of one import, resolved against the catalog, the exchange rates and
-- the history, with its first problem (NULL when valid), its quality flags and score, and
-- the amounts the sales history stores. Plain SQL and not a definer: it reads with the
-- caller's rights, and is inlined, so the caller's WHERE reaches the scan.
-- p_channel, when given, is the channel of every row (it overrides a channel column);
-- p_base is the currency fx_rate_to_base converts to.
CREATE FUNCTION sales_import_checked(p_import uuid, p_channel text, p_base text, p_today date)
RETURNS TABLE (
    row_no bigint, problem text, column_name text, value text,
    product_id uuid, sales_channel_id uuid, order_ref text, order_line integer, sale_date date,
    quantity integer, unit_price numeric, gross_revenue numeric, cogs numeric, platform_fees numeric,
    currency text, fx_rate_to_base numeric, season text, flags jsonb, quality numeric)
LANGUAGE sql STABLE AS $$
    WITH staged AS (
        SELECT s.*, COALESCE(p_channel, s.channel) AS channel_name
        FROM sales_import_staging s WHERE s.import_id = p_import
    ), fx AS (
        SELECT d.currency, d.sale_date, r.rate, r.rate_date
        FROM (SELECT DISTINCT s.currency, s.sale_date FROM staged s WHERE s.currency <> p_base) d
        LEFT JOIN LATERAL (
            SELECT CASE WHEN f.base_currency = d.currency THEN f.rate ELSE 1 / f.rate END AS rate, f.rate_date
            FROM fx_rates f
            WHERE ((f.base_currency = d.currency AND f.quote_currency = p_base)
                OR (f.base_currency = p_base AND f.quote_currency = d.currency))
              AND f.rate_date <= d.sale_date
            ORDER BY f.rate_date DESC LIMIT 1) r ON true
    ), joined AS (
        SELECT s.*, p.id AS p_id, p.is_active AS product_active, p.unit_cost, p.selling_price,
               pm.currency_code AS product_currency,
               c.id AS c_id, c.is_active AS channel_active, c.commission_rate, c.fulfillment_fee_per_unit,
               cm.currency_code AS channel_currency,
               CASE WHEN s.currency = p_base THEN 1 ELSE fx.rate END AS rate,
               CASE WHEN s.currency = p_base THEN s.sale_date ELSE fx.rate_date END AS rate_date,
               min(s.row_no) OVER (PARTITION BY lower(s.channel_name), s.order_ref, s.order_line) AS first_row,
               round(s.quantity * s.unit_price, 2) AS gross
        FROM staged s
        LEFT JOIN products p ON p.sku = s.sku
        LEFT JOIN markets pm ON pm.code = p.market_region
        LEFT JOIN sales_channels c ON lower(c.name) = lower(s.channel_name)
        LEFT JOIN markets cm ON cm.code = c.market_code
        LEFT JOIN fx ON fx.currency = s.currency AND fx.sale_date = s.sale_date
    ), checked AS (
        SELECT j.*,
               CASE WHEN j.p_id IS NULL THEN 'unknownSku'
                    WHEN j.channel_name IS NULL THEN 'noChannel'
                    WHEN j.c_id IS NULL THEN 'unknownChannel'
                    WHEN j.sale_date > p_today THEN 'futureDate'
                    WHEN j.currency <> j.channel_currency THEN 'currencyMismatch'
                    WHEN j.first_row <> j.row_no THEN 'duplicateInFile'
                    WHEN EXISTS (SELECT 1 FROM historical_sales h
                                 WHERE h.sales_channel_id = j.c_id AND h.order_ref = j.order_ref
                                   AND h.order_line = j.order_line) THEN 'alreadyImported'
                    WHEN j.rate IS NULL THEN 'noFxRate'
                    WHEN j.gross >= 100000000 OR j.unit_price >= 100000000 THEN 'amountTooLarge'
               END AS problem_code,
               jsonb_build_array('estimatedCost')
                 || CASE WHEN j.currency = j.product_currency
                          AND (j.unit_price < 0.5 * j.selling_price OR j.unit_price > 1.5 * j.selling_price)
                         THEN jsonb_build_array('priceOutlier') ELSE '[]'::jsonb END
                 || CASE WHEN j.rate_date < j.sale_date - 7 THEN jsonb_build_array('fxRateStale') ELSE '[]'::jsonb END
                 || CASE WHEN NOT (j.product_active AND j.channel_active)
                         THEN jsonb_build_array('inactiveProduct') ELSE '[]'::jsonb END AS flag_names
        FROM joined j
    )
    SELECT c.row_no, c.problem_code,
           CASE c.problem_code WHEN 'unknownSku' THEN 'sku' WHEN 'noChannel' THEN 'channel'
                WHEN 'unknownChannel' THEN 'channel' WHEN 'futureDate' THEN 'date'
                WHEN 'currencyMismatch' THEN 'currency' WHEN 'duplicateInFile' THEN 'order'
                WHEN 'alreadyImported' THEN 'order' WHEN 'noFxRate' THEN 'currency'
                WHEN 'amountTooLarge' THEN 'unit_price' END,
           CASE c.problem_code WHEN 'unknownSku' THEN c.sku WHEN 'unknownChannel' THEN c.channel_name
                WHEN 'futureDate' THEN c.sale_date::text
                WHEN 'currencyMismatch' THEN c.currency || ' (the channel sells in ' || c.channel_currency || ')'
                WHEN 'duplicateInFile' THEN c.order_ref || ' line ' || c.order_line || ' (first on row ' || c.first_row || ')'
                WHEN 'alreadyImported' THEN c.order_ref || ' line ' || c.order_line
                WHEN 'noFxRate' THEN c.currency || ' to ' || p_base || ' on ' || c.sale_date
                WHEN 'amountTooLarge' THEN c.gross::text END,
           c.p_id, c.c_id, c.order_ref, c.order_line, c.sale_date, c.quantity,
           round(c.unit_price, 2), c.gross,
           round(c.quantity * c.unit_cost, 2),
           round(c.gross * c.commission_rate + c.quantity * c.fulfillment_fee_per_unit, 2),
           c.currency, round(c.rate, 6),
           CASE WHEN extract(month FROM c.sale_date) IN (12, 1, 2) THEN 'winter'
                WHEN extract(month FROM c.sale_date) IN (3, 4, 5) THEN 'spring'
                WHEN extract(month FROM c.sale_date) IN (6, 7, 8) THEN 'summer' ELSE 'autumn' END,
           (SELECT COALESCE(jsonb_agg(jsonb_build_object('rule', f.name,
                       'severity', CASE WHEN f.name = 'estimatedCost' THEN 'info' ELSE 'warning' END)), '[]'::jsonb)
            FROM jsonb_array_elements_text(c.flag_names) AS f(name)),
           -- 1 less a penalty per flag: estimated cost 0.05, a price outside half to one and
           -- a half times the list price 0.30, a rate over a week old 0.10, inactive 0.10.
           greatest(0, 1 - 0.05
                    - CASE WHEN c.flag_names ? 'priceOutlier' THEN 0.30 ELSE 0 END
                    - CASE WHEN c.flag_names ? 'fxRateStale' THEN 0.10 ELSE 0 END
                    - CASE WHEN c.flag_names ? 'inactiveProduct' THEN 0.10 ELSE 0 END)::numeric(3,2)
    FROM checked c
$$;

-- 6. Grants and policies -------------------------------------------------------------------
ALTER TABLE import_batches ENABLE ROW LEVEL SECURITY;
ALTER TABLE import_rejections ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE ON import_batches TO sentia_app_access;
GRANT SELECT, INSERT ON import_rejections TO sentia_app_access;
GRANT SELECT, INSERT, DELETE ON sales_import_staging TO sentia_app_access;
CREATE POLICY import_batches_read ON import_batches FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_has_permission('data.import')));
CREATE POLICY import_batches_insert ON import_batches FOR INSERT TO sentia_app_access
    WITH CHECK ((SELECT sentia_has_permission('data.import')));
CREATE POLICY import_batches_update ON import_batches FOR UPDATE TO sentia_app_access
    USING ((SELECT sentia_has_permission('data.import')))
    WITH CHECK ((SELECT sentia_has_permission('data.import')));
CREATE POLICY import_rejections_read ON import_rejections FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_has_permission('data.import')));
CREATE POLICY import_rejections_insert ON import_rejections FOR INSERT TO sentia_app_access
    WITH CHECK ((SELECT sentia_has_permission('data.import')));

-- The audit trigger reads the batch of each deleted row.
GRANT SELECT ON import_batches TO sentia_definer;
CREATE POLICY import_batches_definer ON import_batches FOR SELECT TO sentia_definer USING (true);

GRANT CREATE ON SCHEMA public TO sentia_definer;
ALTER FUNCTION audit_imported_sales_delete() OWNER TO sentia_definer;
REVOKE CREATE ON SCHEMA public FROM sentia_definer;
REVOKE ALL ON FUNCTION audit_imported_sales_delete() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sales_import_checked(uuid, text, text, date) TO sentia_app_access;
