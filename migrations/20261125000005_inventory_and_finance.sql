-- Stock per location and working-capital projections.

CREATE TABLE inventory_levels (
    id                 uuid          NOT NULL DEFAULT gen_random_uuid(),
    product_id         uuid          NOT NULL,
    -- Warehouse or fulfilment-centre code, e.g. "WH-UK-LON", "FBA-UK".
    location_id        varchar(100)  NOT NULL,
    location_type      varchar(20)   NOT NULL DEFAULT 'warehouse',
    -- Stock is recorded as dated snapshots, so history and turnover can be computed.
    snapshot_date      date          NOT NULL,
    available_quantity integer       NOT NULL DEFAULT 0,
    reserved_quantity  integer       NOT NULL DEFAULT 0,
    inbound_quantity   integer       NOT NULL DEFAULT 0,
    defective_quantity integer       NOT NULL DEFAULT 0,
    safety_stock       integer       NOT NULL DEFAULT 0,
    reorder_point      integer       NOT NULL DEFAULT 0,
    reorder_quantity   integer       NOT NULL DEFAULT 0,
    -- NULL when there is no demand to divide by (infinite supply is not a number).
    days_of_supply     integer,
    average_daily_demand numeric(12,4),
    average_age_days   integer,
    -- Annualised inventory turns (COGS / average stock value).
    turnover_rate      numeric(8,4),
    stock_status       varchar(20)   NOT NULL DEFAULT 'healthy',
    -- Probability of a stock-out within the lead time, 0..1.
    risk_score         numeric(3,2)  NOT NULL DEFAULT 0,
    unit_value         numeric(10,2),
    last_counted_at    timestamptz,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    created_by         uuid,
    updated_by         uuid,
    CONSTRAINT inventory_levels_pkey PRIMARY KEY (id),
    CONSTRAINT inventory_levels_product_location_date_key UNIQUE (product_id, location_id, snapshot_date),
    CONSTRAINT inventory_levels_location_type_check CHECK (location_type IN ('warehouse', 'fba', '3pl')),
    CONSTRAINT inventory_levels_quantities_check CHECK (
        available_quantity >= 0 AND reserved_quantity >= 0 AND inbound_quantity >= 0
        AND defective_quantity >= 0 AND safety_stock >= 0 AND reorder_point >= 0 AND reorder_quantity >= 0),
    CONSTRAINT inventory_levels_days_check CHECK (
        (days_of_supply IS NULL OR days_of_supply >= 0) AND (average_age_days IS NULL OR average_age_days >= 0)),
    CONSTRAINT inventory_levels_rates_check CHECK (
        (turnover_rate IS NULL OR turnover_rate >= 0) AND (average_daily_demand IS NULL OR average_daily_demand >= 0)
        AND (unit_value IS NULL OR unit_value >= 0)),
    CONSTRAINT inventory_levels_stock_status_check
        CHECK (stock_status IN ('healthy', 'reorder', 'low', 'out_of_stock', 'overstock')),
    CONSTRAINT inventory_levels_risk_score_check CHECK (risk_score >= 0 AND risk_score <= 1),
    -- Stock rows belong to their product.
    CONSTRAINT inventory_levels_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id)
        ON DELETE CASCADE,
    CONSTRAINT inventory_levels_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT inventory_levels_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE INDEX inventory_levels_product_location_idx ON inventory_levels (product_id, location_id, snapshot_date DESC);
CREATE INDEX inventory_levels_snapshot_date_idx ON inventory_levels (snapshot_date);
-- Stock alerts read only the rows that need attention.
CREATE INDEX inventory_levels_at_risk_idx ON inventory_levels (snapshot_date, product_id)
    WHERE stock_status <> 'healthy';

CREATE TRIGGER inventory_levels_set_updated_at BEFORE UPDATE ON inventory_levels
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE working_capital (
    id                          uuid          NOT NULL DEFAULT gen_random_uuid(),
    projection_date             date          NOT NULL,
    period_type                 varchar(10)   NOT NULL DEFAULT 'month',
    -- NULL product: the market-level total.
    product_id                  uuid,
    market_code                 varchar(10)   NOT NULL,
    scenario                    varchar(20)   NOT NULL DEFAULT 'base',
    -- Actuals (closed periods) and projections live side by side for variance views.
    is_actual                   boolean       NOT NULL DEFAULT false,
    -- Amounts are in currency_code; fx_rate_to_base is the rate that was used to convert
    -- to base_currency_code, and fx_rate_date its date, so a report can be reproduced.
    currency_code               varchar(3)    NOT NULL,
    base_currency_code          varchar(3)    NOT NULL DEFAULT 'GBP',
    fx_rate_to_base             numeric(12,6) NOT NULL DEFAULT 1,
    fx_rate_date                date,
    projected_sales_revenue     numeric(15,2) NOT NULL,
    projected_cogs              numeric(15,2) NOT NULL DEFAULT 0,
    accounts_receivable         numeric(15,2) NOT NULL DEFAULT 0,
    accounts_payable            numeric(15,2) NOT NULL DEFAULT 0,
    inventory_value             numeric(15,2) NOT NULL DEFAULT 0,
    -- VAT/sales tax owed in the market's jurisdiction for the period.
    tax_obligation              numeric(15,2) NOT NULL DEFAULT 0,
    cash_inflow                 numeric(15,2) NOT NULL DEFAULT 0,
    cash_outflow                numeric(15,2) NOT NULL DEFAULT 0,
    net_cash_flow               numeric(15,2) NOT NULL,
    working_capital_requirement numeric(15,2) NOT NULL,
    -- Days: two decimals are plenty and keep CCC = DIO + DSO - DPO exact.
    dso                         numeric(7,2),
    dio                         numeric(7,2),
    dpo                         numeric(7,2),
    cash_conversion_cycle       numeric(8,2),
    notes                       text,
    created_at                  timestamptz   NOT NULL DEFAULT now(),
    updated_at                  timestamptz   NOT NULL DEFAULT now(),
    created_by                  uuid,
    updated_by                  uuid,
    CONSTRAINT working_capital_pkey PRIMARY KEY (id),
    CONSTRAINT working_capital_period_type_check CHECK (period_type IN ('day', 'week', 'month', 'quarter', 'year')),
    CONSTRAINT working_capital_scenario_check CHECK (scenario IN ('optimistic', 'base', 'pessimistic')),
    CONSTRAINT working_capital_currency_check
        CHECK (currency_code ~ '^[A-Z]{3}$' AND base_currency_code ~ '^[A-Z]{3}$'),
    CONSTRAINT working_capital_fx_rate_check CHECK (fx_rate_to_base > 0),
    CONSTRAINT working_capital_amounts_check CHECK (
        projected_sales_revenue >= 0 AND projected_cogs >= 0 AND accounts_receivable >= 0
        AND accounts_payable >= 0 AND inventory_value >= 0 AND tax_obligation >= 0
        AND cash_inflow >= 0 AND cash_outflow >= 0),
    CONSTRAINT working_capital_net_cash_flow_check CHECK (net_cash_flow = cash_inflow - cash_outflow),
    CONSTRAINT working_capital_days_check CHECK (
        (dso IS NULL OR dso >= 0) AND (dio IS NULL OR dio >= 0) AND (dpo IS NULL OR dpo >= 0)),
    CONSTRAINT working_capital_ccc_check CHECK (
        cash_conversion_cycle IS NULL OR cash_conversion_cycle = dio + dso - dpo),
    -- One figure per period, market, product (or total), scenario and actual/projection.
    CONSTRAINT working_capital_period_key UNIQUE NULLS NOT DISTINCT
        (projection_date, period_type, market_code, product_id, scenario, is_actual),
    -- Financial records outlive neither their product nor market silently: RESTRICT.
    CONSTRAINT working_capital_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id)
        ON DELETE RESTRICT,
    CONSTRAINT working_capital_market_code_fkey FOREIGN KEY (market_code) REFERENCES markets (code)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    CONSTRAINT working_capital_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT working_capital_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE INDEX working_capital_projection_date_idx ON working_capital (projection_date);
CREATE INDEX working_capital_market_scenario_date_idx ON working_capital (market_code, scenario, projection_date);
CREATE INDEX working_capital_product_date_idx ON working_capital (product_id, projection_date)
    WHERE product_id IS NOT NULL;

CREATE TRIGGER working_capital_set_updated_at BEFORE UPDATE ON working_capital
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
