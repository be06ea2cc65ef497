-- Comments on a forecast series: what planners and approvers know that the figures do not
-- ("the retailer moves its promotion to March"), on the series or on one of its periods.
-- A comment is a record: written once by its author, never changed or deleted.
CREATE TABLE forecast_comments (
    id               uuid         NOT NULL DEFAULT gen_random_uuid(),
    product_id       uuid         NOT NULL,
    sales_channel_id uuid         NOT NULL,
    -- The period it is about (its first day); NULL for the series as a whole.
    forecast_date    date,
    body             text         NOT NULL,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    created_by       uuid,
    updated_by       uuid,
    CONSTRAINT forecast_comments_pkey PRIMARY KEY (id),
    CONSTRAINT forecast_comments_body_check
        CHECK (length(btrim(body)) > 0 AND length(body) <= 2000),
    CONSTRAINT forecast_comments_product_id_fkey FOREIGN KEY (product_id)
        REFERENCES products (id) ON DELETE CASCADE,
    CONSTRAINT forecast_comments_sales_channel_id_fkey FOREIGN KEY (sales_channel_id)
        REFERENCES sales_channels (id) ON DELETE CASCADE,
    CONSTRAINT forecast_comments_created_by_fkey FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT forecast_comments_updated_by_fkey FOREIGN KEY (updated_by)
        REFERENCES users (id) ON DELETE RESTRICT
);
CREATE INDEX forecast_comments_series_idx
    ON forecast_comments (product_id, sales_channel_id, created_at);

CREATE TRIGGER forecast_comments_stamp_acting_user BEFORE INSERT OR UPDATE ON forecast_comments
    FOR EACH ROW EXECUTE FUNCTION stamp_acting_user();
CREATE TRIGGER forecast_comments_audit AFTER INSERT OR UPDATE OR DELETE ON forecast_comments
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();

-- Read by every signed-in user (as the forecasts); written by those who may forecast, as
-- themselves.
ALTER TABLE forecast_comments ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON forecast_comments TO sentia_app_access;
CREATE POLICY forecast_comments_read ON forecast_comments FOR SELECT TO sentia_app_access
    USING ((SELECT sentia_current_user_id()) IS NOT NULL);
CREATE POLICY forecast_comments_insert ON forecast_comments FOR INSERT TO sentia_app_access
    WITH CHECK ((SELECT sentia_has_permission('forecast.run')));
