-- Saved cash projections: a named scenario (a named starting point plus the user's driver
-- changes) with the projection it produced, the versions and values of the inputs it read
-- and digests of both, so any past projection can be reproduced exactly and set against
-- what happened.

-- 1. The saved projection ----------------------------------------------------------------
CREATE TABLE cash_projections (
    id             uuid         NOT NULL DEFAULT gen_random_uuid(),
    name           varchar(100) NOT NULL,
    -- The named scenario the drivers apply on top of: Base, Optimistic, Supply shock, ...
    scenario       varchar(40)  NOT NULL,
    -- The request as made: driver changes, FX change, months and simulated paths.
    request        jsonb        NOT NULL,
    -- What it read: the settings with their versions, the catalogue's prices and terms,
    -- the opening balances, the FX rates with their dates, the time its forecasts were read
    -- at and their runs, and digests of the forecast demand and sales it read.
    inputs         jsonb        NOT NULL,
    engine_version varchar(50)  NOT NULL,
    -- SHA-256 of the projection as it was returned, hex.
    result_digest  varchar(64)  NOT NULL,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    created_by     uuid,
    updated_by     uuid,
    CONSTRAINT cash_projections_pkey PRIMARY KEY (id),
    CONSTRAINT cash_projections_name_check CHECK (length(btrim(name)) > 0),
    CONSTRAINT cash_projections_json_check
        CHECK (jsonb_typeof(request) = 'object' AND jsonb_typeof(inputs) = 'object'),
    CONSTRAINT cash_projections_digest_check CHECK (result_digest ~ '^[0-9a-f]{64}$'),
    CONSTRAINT cash_projections_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT cash_projections_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);
-- A name picks a saved projection as a scenario, in any case.
CREATE UNIQUE INDEX cash_projections_name_key ON cash_projections (lower(name));
CREATE INDEX cash_projections_created_at_idx ON cash_projections (created_at DESC);

CREATE TRIGGER cash_projections_set_updated_at BEFORE UPDATE ON cash_projections
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER cash_projections_stamp_acting_user BEFORE INSERT OR UPDATE ON cash_projections
    FOR EACH ROW EXECUTE FUNCTION stamp_acting_user();
CREATE TRIGGER cash_projections_audit AFTER INSERT OR UPDATE OR DELETE ON cash_projections
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();

-- 2. Its rows in working_capital: each market and month in the market's currency ------------
ALTER TABLE working_capital
    ADD COLUMN projection_id uuid,
    ADD CONSTRAINT working_capital_projection_id_fkey FOREIGN KEY (projection_id)
        REFERENCES cash_projections (id) ON DELETE CASCADE,
    ADD CONSTRAINT working_capital_saved_projection_check CHECK (projection_id IS NULL OR NOT is_actual),
    DROP CONSTRAINT working_capital_period_key,
    -- One figure per saved projection (or none: actuals), period, market, product,
    -- scenario and actual/projection.
    ADD CONSTRAINT working_capital_period_key UNIQUE NULLS NOT DISTINCT
        (projection_id, projection_date, period_type, market_code, product_id, scenario, is_actual);
CREATE INDEX working_capital_projection_id_idx ON working_capital (projection_id)
    WHERE projection_id IS NOT NULL;

-- A saved projection is a record of what was projected: it is not edited, only deleted
-- whole with its saved projection.
CREATE FUNCTION working_capital_saved_rows_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a saved projection''s figures are not changed: save a new projection'
        USING ERRCODE = 'check_violation';
END;
$$;
CREATE TRIGGER working_capital_saved_rows_frozen BEFORE UPDATE ON working_capital
    FOR EACH ROW WHEN (OLD.projection_id IS NOT NULL OR NEW.projection_id IS NOT NULL)
    EXECUTE FUNCTION working_capital_saved_rows_frozen();

-- 3. Who may read and write ---------------------------------------------------------------
-- Reading needs working_capital.view (as the rows themselves); saving and deleting need
-- scenario.edit, and a user deletes only their own unless they may manage settings.
ALTER TABLE cash_projections ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON cash_projections TO sentia_app_access;
CREATE POLICY cash_projections_read ON cash_projections FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_has_permission('working_capital.view')));
CREATE POLICY cash_projections_insert ON cash_projections FOR INSERT TO sentia_app_access
    WITH CHECK ((SELECT sentia_has_permission('scenario.edit')));
CREATE POLICY cash_projections_delete ON cash_projections FOR DELETE TO sentia_app_access
    USING ((SELECT sentia_has_permission('scenario.edit'))
           AND (created_by = (SELECT sentia_current_user_id())
                OR (SELECT sentia_has_permission('settings.manage'))));
