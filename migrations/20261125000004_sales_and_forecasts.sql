-- Historical sales and demand forecasts, the time series the planners work on.

CREATE TABLE historical_sales (
    id                 uuid          NOT NULL DEFAULT gen_random_uuid(),
    product_id         uuid          NOT NULL,
    sales_channel_id   uuid          NOT NULL,
    sale_date          date          NOT NULL,
    -- A row is one transaction or one day's aggregate of a product on a channel;
    -- order_count says how many orders it covers.
    order_count        integer       NOT NULL DEFAULT 1,
    quantity_sold      integer       NOT NULL,
    returned_quantity  integer       NOT NULL DEFAULT 0,
    -- All amounts are in currency_code and exclude sales tax/VAT, which is held in
    -- tax_amount because it is owed to the tax authority, not earned.
    unit_price         numeric(10,2) NOT NULL,
    gross_revenue      numeric(12,2) NOT NULL,
    discount_amount    numeric(12,2) NOT NULL DEFAULT 0,
    net_revenue        numeric(12,2) NOT NULL,
    cogs               numeric(12,2) NOT NULL DEFAULT 0,
    shipping_cost      numeric(10,2) NOT NULL DEFAULT 0,
    platform_fees      numeric(10,2) NOT NULL DEFAULT 0,
    duty_cost          numeric(10,2) NOT NULL DEFAULT 0,
    tax_amount         numeric(10,2) NOT NULL DEFAULT 0,
    -- numeric(10,2) as the seed specifies: one row never approaches 10^8.
    net_profit         numeric(10,2) NOT NULL,
    currency_code      varchar(3)    NOT NULL,
    -- Units of the base currency (GBP) per unit of currency_code on sale_date, so that
    -- reports convert with the rate of the day, not today's.
    fx_rate_to_base    numeric(12,6) NOT NULL DEFAULT 1,
    -- Geographic and seasonal categorisation.
    country_code       varchar(2),
    region             varchar(50),
    season             varchar(10)   NOT NULL,
    promotion_code     varchar(50),
    -- The item was out of stock for part of the day: demand is censored, and forecasting
    -- treats the figure as a lower bound.
    stockout           boolean       NOT NULL DEFAULT false,
    source             varchar(20)   NOT NULL DEFAULT 'import',
    data_quality_score numeric(3,2),
    -- Array of validation findings, e.g. [{"rule":"price_outlier","severity":"warning"}].
    validation_flags   jsonb         NOT NULL DEFAULT '[]'::jsonb,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    created_by         uuid,
    updated_by         uuid,
    CONSTRAINT historical_sales_pkey PRIMARY KEY (id),
    CONSTRAINT historical_sales_quantities_check
        CHECK (quantity_sold >= 0 AND returned_quantity >= 0 AND returned_quantity <= quantity_sold AND order_count >= 0),
    CONSTRAINT historical_sales_amounts_check CHECK (
        unit_price >= 0 AND gross_revenue >= 0 AND discount_amount >= 0 AND cogs >= 0
        AND shipping_cost >= 0 AND platform_fees >= 0 AND duty_cost >= 0 AND tax_amount >= 0),
    CONSTRAINT historical_sales_discount_check CHECK (discount_amount <= gross_revenue),
    -- The figures must reconcile, so reports can trust any one of them.
    CONSTRAINT historical_sales_net_revenue_check CHECK (net_revenue = gross_revenue - discount_amount),
    CONSTRAINT historical_sales_net_profit_check
        CHECK (net_profit = net_revenue - cogs - shipping_cost - platform_fees - duty_cost),
    CONSTRAINT historical_sales_currency_code_check CHECK (currency_code ~ '^[A-Z]{3}$'),
    CONSTRAINT historical_sales_fx_rate_check CHECK (fx_rate_to_base > 0),
    CONSTRAINT historical_sales_country_code_check CHECK (country_code IS NULL OR country_code ~ '^[A-Z]{2}$'),
    CONSTRAINT historical_sales_season_check CHECK (season IN ('winter', 'spring', 'summer', 'autumn')),
    CONSTRAINT historical_sales_source_check
        CHECK (source IN ('import', 'manual', 'amazon', 'shopify', 'demo')),
    CONSTRAINT historical_sales_data_quality_score_check
        CHECK (data_quality_score IS NULL OR (data_quality_score >= 0 AND data_quality_score <= 1)),
    CONSTRAINT historical_sales_validation_flags_array_check CHECK (jsonb_typeof(validation_flags) = 'array'),
    -- Sales history is kept indefinitely: a product or channel with sales cannot be deleted
    -- (deactivate it instead).
    CONSTRAINT historical_sales_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id)
        ON DELETE RESTRICT,
    CONSTRAINT historical_sales_sales_channel_id_fkey FOREIGN KEY (sales_channel_id)
        REFERENCES sales_channels (id) ON DELETE RESTRICT,
    CONSTRAINT historical_sales_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT historical_sales_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

-- The seed's time-series index: quantity_sold is the last key so that demand series are
-- read from the index alone (index-only scans).
CREATE INDEX historical_sales_series_idx
    ON historical_sales (product_id, sales_channel_id, sale_date, quantity_sold);
-- Period reports (dashboard) filter by date first, across all series.
CREATE INDEX historical_sales_sale_date_idx ON historical_sales (sale_date);
-- For the channel foreign key's RESTRICT check and per-channel reports.
CREATE INDEX historical_sales_channel_date_idx ON historical_sales (sales_channel_id, sale_date);

CREATE TRIGGER historical_sales_set_updated_at BEFORE UPDATE ON historical_sales
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE forecasts (
    id                uuid          NOT NULL DEFAULT gen_random_uuid(),
    product_id        uuid          NOT NULL,
    sales_channel_id  uuid          NOT NULL,
    forecast_date     date          NOT NULL,
    -- Day the forecast was made from (last observed date + 1) and its horizon step.
    origin_date       date          NOT NULL,
    horizon_days      integer       NOT NULL,
    predicted_demand  integer       NOT NULL,
    lower_bound       integer       NOT NULL,
    upper_bound       integer       NOT NULL,
    -- Nominal coverage of [lower_bound, upper_bound], e.g. 0.95.
    interval_level    numeric(3,2)  NOT NULL DEFAULT 0.95,
    confidence_score  numeric(3,2)  NOT NULL,
    model_type        varchar(50)   NOT NULL,
    -- Exact model and parameters, e.g. "ETS(M,Ad,M)" with its fitted smoothing weights:
    -- enough to reproduce the forecast.
    model_name        varchar(100)  NOT NULL,
    model_version     varchar(50)   NOT NULL,
    model_parameters  jsonb         NOT NULL DEFAULT '{}'::jsonb,
    -- Decomposition at forecast_date, in units: predicted ≈ trend + seasonal for additive
    -- models; multiplicative models store seasonal as units too, for a uniform chart.
    trend_component    numeric(14,4),
    seasonal_component numeric(14,4),
    -- Backtest accuracy of the model on this series when it was chosen.
    mape              numeric(9,4),
    smape             numeric(9,4),
    mase              numeric(9,4),
    rmse              numeric(14,4),
    -- Filled in once the date has passed, for accuracy tracking.
    actual_demand     integer,
    -- Approval workflow: draft -> submitted -> approved | rejected.
    status            varchar(20)   NOT NULL DEFAULT 'draft',
    submitted_by      uuid,
    submitted_at      timestamptz,
    approved_by       uuid,
    approved_at       timestamptz,
    rejected_by       uuid,
    rejected_at       timestamptz,
    rejection_reason  text,
    -- A planner's override is a new Manual row that supersedes the model's row; the old
    -- row is kept (never deleted) so that overrides can be audited and scored.
    override_reason   text,
    superseded_by     uuid,
    superseded_at     timestamptz,
    created_at        timestamptz   NOT NULL DEFAULT now(),
    updated_at        timestamptz   NOT NULL DEFAULT now(),
    created_by        uuid,
    updated_by        uuid,
    CONSTRAINT forecasts_pkey PRIMARY KEY (id),
    CONSTRAINT forecasts_model_type_check CHECK (model_type IN
        ('ARIMA', 'ETS', 'Theta', 'Croston', 'Prophet', 'ML', 'Ensemble', 'Naive', 'Manual')),
    CONSTRAINT forecasts_status_check CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
    CONSTRAINT forecasts_demand_check CHECK (predicted_demand >= 0 AND lower_bound >= 0),
    CONSTRAINT forecasts_bounds_order_check CHECK (lower_bound <= predicted_demand AND predicted_demand <= upper_bound),
    CONSTRAINT forecasts_confidence_score_check CHECK (confidence_score >= 0 AND confidence_score <= 1),
    CONSTRAINT forecasts_interval_level_check CHECK (interval_level > 0 AND interval_level < 1),
    CONSTRAINT forecasts_horizon_check CHECK (horizon_days >= 1 AND forecast_date >= origin_date),
    CONSTRAINT forecasts_accuracy_check CHECK (
        (mape IS NULL OR mape >= 0) AND (smape IS NULL OR (smape >= 0 AND smape <= 200))
        AND (mase IS NULL OR mase >= 0) AND (rmse IS NULL OR rmse >= 0)),
    CONSTRAINT forecasts_actual_demand_check CHECK (actual_demand IS NULL OR actual_demand >= 0),
    CONSTRAINT forecasts_submitted_check CHECK (
        status = 'draft' OR (submitted_by IS NOT NULL AND submitted_at IS NOT NULL)),
    CONSTRAINT forecasts_approved_check CHECK (
        (status = 'approved') = (approved_by IS NOT NULL AND approved_at IS NOT NULL)),
    CONSTRAINT forecasts_rejected_check CHECK (
        (status = 'rejected') = (rejected_by IS NOT NULL AND rejected_at IS NOT NULL AND rejection_reason IS NOT NULL)),
    CONSTRAINT forecasts_manual_reason_check CHECK (model_type <> 'Manual' OR override_reason IS NOT NULL),
    CONSTRAINT forecasts_superseded_check CHECK (
        (superseded_by IS NULL) = (superseded_at IS NULL) AND superseded_by IS DISTINCT FROM id),
    -- Forecasts are derived data of their product and channel: they go with them.
    CONSTRAINT forecasts_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
    CONSTRAINT forecasts_sales_channel_id_fkey FOREIGN KEY (sales_channel_id)
        REFERENCES sales_channels (id) ON DELETE CASCADE,
    -- Deferred: an override first marks the old row superseded by the new id, then inserts
    -- the new row, so the partial unique index below never sees two live rows.
    CONSTRAINT forecasts_superseded_by_fkey FOREIGN KEY (superseded_by) REFERENCES forecasts (id)
        ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT forecasts_submitted_by_fkey FOREIGN KEY (submitted_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT forecasts_approved_by_fkey FOREIGN KEY (approved_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT forecasts_rejected_by_fkey FOREIGN KEY (rejected_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT forecasts_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT forecasts_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE INDEX forecasts_product_channel_date_idx ON forecasts (product_id, sales_channel_id, forecast_date);
CREATE INDEX forecasts_forecast_date_idx ON forecasts (forecast_date);
CREATE INDEX forecasts_channel_date_idx ON forecasts (sales_channel_id, forecast_date);
-- At most one live forecast per series and date; superseded rows are history.
CREATE UNIQUE INDEX forecasts_current_key ON forecasts (product_id, sales_channel_id, forecast_date)
    WHERE superseded_by IS NULL;
-- The approval queue is small and read often.
CREATE INDEX forecasts_submitted_idx ON forecasts (submitted_at) WHERE status = 'submitted';

CREATE TRIGGER forecasts_set_updated_at BEFORE UPDATE ON forecasts
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
