-- Master data maintained in the app: markets, products and channels under a permission of
-- their own, saves that cannot silently overwrite someone else's, dated FX rates, and
-- settings changes that say why.

-- 1. catalog.manage ------------------------------------------------------------------------
-- Prices, tax rates and channel terms drive every margin and cash figure: managers and
-- admins maintain them. Analysts import sales (data.import) but no longer edit the catalog.
INSERT INTO role_permissions (role, permission) VALUES
    ('admin', 'catalog.manage'),
    ('manager', 'catalog.manage');

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['markets', 'products', 'sales_channels'] LOOP
        EXECUTE format('DROP POLICY %I ON %I', t || '_insert', t);
        EXECUTE format('DROP POLICY %I ON %I', t || '_update', t);
        EXECUTE format('DROP POLICY %I ON %I', t || '_delete', t);
        EXECUTE format($p$CREATE POLICY %I ON %I FOR INSERT TO sentia_app_access
                          WITH CHECK ((SELECT sentia_has_permission('catalog.manage')))$p$,
                       t || '_insert', t);
        EXECUTE format($p$CREATE POLICY %I ON %I FOR UPDATE TO sentia_app_access
                          USING ((SELECT sentia_has_permission('catalog.manage')))
                          WITH CHECK ((SELECT sentia_has_permission('catalog.manage')))$p$,
                       t || '_update', t);
        EXECUTE format($p$CREATE POLICY %I ON %I FOR DELETE TO sentia_app_access
                          USING ((SELECT sentia_has_permission('catalog.manage')))$p$,
                       t || '_delete', t);
    END LOOP;
END
$$;

-- 2. Optimistic concurrency -----------------------------------------------------------------
-- Every edit names the row_version it started from; the database counts versions itself,
-- so a save based on an old version matches no row and is refused, never applied over
-- another person's change.
CREATE FUNCTION bump_row_version() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.row_version := OLD.row_version + 1;
    RETURN NEW;
END;
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['markets', 'products', 'sales_channels'] LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN row_version integer NOT NULL DEFAULT 1', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW
                        EXECUTE FUNCTION bump_row_version()', t || '_bump_row_version', t);
    END LOOP;
END
$$;

-- Sales, stock, jobs and working capital name their product, channel and market: deleting
-- one would orphan history. The foreign keys already restrict; the app names them
-- (historical_sales_product_id_fkey, historical_sales_sales_channel_id_fkey,
-- products_market_region_fkey, …) to say "deactivate it instead".

-- A refused save says who saved first. Users' rows are admin-only (they hold PII), so this
-- returns only the name to show, and only to a signed-in user.
CREATE FUNCTION sentia_user_label(p_user uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT COALESCE(u.display_name, u.username) FROM users u
    WHERE u.id = p_user AND sentia_current_user_id() IS NOT NULL
$$;
ALTER FUNCTION sentia_user_label(uuid) OWNER TO sentia_definer;
REVOKE ALL ON FUNCTION sentia_user_label(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sentia_user_label(uuid) TO sentia_app_access;

-- 3. FX rates -------------------------------------------------------------------------------
-- One rate per currency pair and day: 1 unit of base_currency = rate units of
-- quote_currency. Conversions elsewhere name the row they used (pair, date, source).
CREATE TABLE fx_rates (
    id             uuid          NOT NULL DEFAULT gen_random_uuid(),
    base_currency  varchar(3)    NOT NULL,
    quote_currency varchar(3)    NOT NULL,
    rate_date      date          NOT NULL,
    rate           numeric(18,8) NOT NULL,
    -- Where the rate came from: 'ECB', 'Bank of England', 'manual', 'import: rates.csv'.
    source         varchar(100)  NOT NULL,
    row_version    integer       NOT NULL DEFAULT 1,
    created_at     timestamptz   NOT NULL DEFAULT now(),
    updated_at     timestamptz   NOT NULL DEFAULT now(),
    created_by     uuid,
    updated_by     uuid,
    CONSTRAINT fx_rates_pkey PRIMARY KEY (id),
    CONSTRAINT fx_rates_pair_date_key UNIQUE (base_currency, quote_currency, rate_date),
    CONSTRAINT fx_rates_currency_format_check
        CHECK (base_currency ~ '^[A-Z]{3}$' AND quote_currency ~ '^[A-Z]{3}$'),
    CONSTRAINT fx_rates_distinct_pair_check CHECK (base_currency <> quote_currency),
    CONSTRAINT fx_rates_rate_check CHECK (rate > 0 AND rate < 100000),
    CONSTRAINT fx_rates_source_check CHECK (length(btrim(source)) > 0),
    CONSTRAINT fx_rates_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT fx_rates_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);
-- "The latest rate on or before a day" reads this index backwards.
CREATE INDEX fx_rates_pair_date_idx ON fx_rates (base_currency, quote_currency, rate_date DESC);

CREATE TRIGGER fx_rates_set_updated_at BEFORE UPDATE ON fx_rates
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER fx_rates_bump_row_version BEFORE UPDATE ON fx_rates
    FOR EACH ROW EXECUTE FUNCTION bump_row_version();
CREATE TRIGGER fx_rates_stamp_acting_user BEFORE INSERT OR UPDATE ON fx_rates
    FOR EACH ROW EXECUTE FUNCTION stamp_acting_user();
CREATE TRIGGER fx_rates_audit AFTER INSERT OR UPDATE OR DELETE ON fx_rates
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER fx_rates_audit_truncate AFTER TRUNCATE ON fx_rates
    FOR EACH STATEMENT EXECUTE FUNCTION audit_truncate();

ALTER TABLE fx_rates ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON fx_rates TO sentia_app_access;
CREATE POLICY fx_rates_read ON fx_rates FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_current_user_id()) IS NOT NULL);
CREATE POLICY fx_rates_insert ON fx_rates FOR INSERT TO sentia_app_access
    WITH CHECK ((SELECT sentia_has_permission('catalog.manage')));
CREATE POLICY fx_rates_update ON fx_rates FOR UPDATE TO sentia_app_access
    USING ((SELECT sentia_has_permission('catalog.manage')))
    WITH CHECK ((SELECT sentia_has_permission('catalog.manage')));
CREATE POLICY fx_rates_delete ON fx_rates FOR DELETE TO sentia_app_access
    USING ((SELECT sentia_has_permission('catalog.manage')));

-- 4. Settings say why ----------------------------------------------------------------------
-- A change carries its reason into the history, next to who made it and when.
ALTER TABLE system_settings ADD COLUMN change_reason text;
ALTER TABLE system_settings_history ADD COLUMN reason text;

CREATE OR REPLACE FUNCTION system_settings_write_history() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.version <> OLD.version THEN
        INSERT INTO system_settings_history (setting_id, version, value, changed_by, created_by, reason)
        VALUES (NEW.id, NEW.version, system_setting_value(NEW),
                COALESCE(NEW.updated_by, NEW.created_by), COALESCE(NEW.updated_by, NEW.created_by),
                NEW.change_reason);
    END IF;
    RETURN NULL;
END;
$$;
ALTER FUNCTION system_settings_write_history() OWNER TO sentia_definer;

-- Everyone keeps their own preferences (locale, time zone, theme, dashboard filters);
-- saved layouts still need layout.save. Other people's and global settings stay with
-- settings.manage.
DROP POLICY system_settings_write ON system_settings;
CREATE POLICY system_settings_write ON system_settings FOR ALL TO sentia_app_access
    USING ((SELECT sentia_has_permission('settings.manage'))
           OR (scope = 'user' AND scope_id = (SELECT sentia_current_user_id()) AND NOT is_sensitive
               AND (category = 'preferences' OR (SELECT sentia_has_permission('layout.save')))))
    WITH CHECK ((SELECT sentia_has_permission('settings.manage'))
           OR (scope = 'user' AND scope_id = (SELECT sentia_current_user_id()) AND NOT is_sensitive
               AND (category = 'preferences' OR (SELECT sentia_has_permission('layout.save')))));
