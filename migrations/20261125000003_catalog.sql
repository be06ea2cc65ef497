-- Markets, products and sales channels: the catalogue everything else refers to.
--
-- Products and channels refer to markets by code (as the seed's diagram does), not by id:
-- the code is the business key people type and read. ON UPDATE CASCADE lets a code be
-- corrected; ON DELETE RESTRICT stops a market with products or channels from vanishing.

CREATE TABLE markets (
    id                      uuid         NOT NULL DEFAULT gen_random_uuid(),
    code                    varchar(10)  NOT NULL,
    name                    varchar(100) NOT NULL,
    currency_code           varchar(3)   NOT NULL,
    -- Four decimal places hold rates such as 0.1900 and 0.0825 exactly.
    tax_rate                numeric(5,4) NOT NULL,
    tax_name                varchar(30)  NOT NULL DEFAULT 'VAT',
    standard_shipping_days  integer      NOT NULL,
    express_shipping_days   integer      NOT NULL,
    -- Free-form documents (labelling rules, licences, restricted ingredients, duty codes):
    -- their shape differs per jurisdiction, so they are jsonb objects rather than columns.
    regulatory_requirements jsonb        NOT NULL DEFAULT '{}'::jsonb,
    import_restrictions     jsonb        NOT NULL DEFAULT '{}'::jsonb,
    export_restrictions     jsonb        NOT NULL DEFAULT '{}'::jsonb,
    is_active               boolean      NOT NULL DEFAULT true,
    created_at              timestamptz  NOT NULL DEFAULT now(),
    updated_at              timestamptz  NOT NULL DEFAULT now(),
    created_by              uuid,
    updated_by              uuid,
    CONSTRAINT markets_pkey PRIMARY KEY (id),
    CONSTRAINT markets_code_key UNIQUE (code),
    CONSTRAINT markets_code_format_check CHECK (code ~ '^[A-Z]{2,10}$'),
    CONSTRAINT markets_currency_code_check CHECK (currency_code ~ '^[A-Z]{3}$'),
    CONSTRAINT markets_tax_rate_check CHECK (tax_rate >= 0 AND tax_rate <= 1),
    CONSTRAINT markets_shipping_days_check
        CHECK (express_shipping_days >= 0 AND express_shipping_days <= standard_shipping_days),
    CONSTRAINT markets_regulatory_object_check CHECK (jsonb_typeof(regulatory_requirements) = 'object'),
    CONSTRAINT markets_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT markets_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE TRIGGER markets_set_updated_at BEFORE UPDATE ON markets
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE products (
    id                    uuid          NOT NULL DEFAULT gen_random_uuid(),
    sku                   varchar(50)   NOT NULL,
    name                  varchar(200)  NOT NULL,
    category              varchar(50)   NOT NULL,
    market_region         varchar(10)   NOT NULL,
    -- Prices are in the market's currency (markets.currency_code).
    unit_cost             numeric(10,2) NOT NULL,
    selling_price         numeric(10,2) NOT NULL,
    weight_kg             numeric(8,3),
    -- "LxWxH" in centimetres, as suppliers quote it.
    dimensions_cm         varchar(30),
    production_time_hours numeric(5,2)  NOT NULL DEFAULT 3.5,
    batch_size_min        integer       NOT NULL DEFAULT 100,
    batch_size_max        integer       NOT NULL DEFAULT 1000,
    lead_time_days        integer       NOT NULL DEFAULT 14,
    shelf_life_days       integer,
    -- Regional variations and compliance: label language, health claims, approvals,
    -- HS code. Shape varies by market, hence jsonb.
    compliance_data       jsonb         NOT NULL DEFAULT '{}'::jsonb,
    is_active             boolean       NOT NULL DEFAULT true,
    created_at            timestamptz   NOT NULL DEFAULT now(),
    updated_at            timestamptz   NOT NULL DEFAULT now(),
    created_by            uuid,
    updated_by            uuid,
    CONSTRAINT products_pkey PRIMARY KEY (id),
    CONSTRAINT products_sku_key UNIQUE (sku),
    CONSTRAINT products_sku_format_check CHECK (sku ~ '^[A-Z0-9_-]{3,50}$'),
    -- The product lines are a business decision: adding one is a deliberate migration.
    CONSTRAINT products_category_check CHECK (category IN ('GABA Red', 'GABA Black', 'GABA Gold')),
    CONSTRAINT products_unit_cost_check CHECK (unit_cost >= 0.01 AND unit_cost <= 10000),
    CONSTRAINT products_selling_price_check CHECK (selling_price >= 0.01 AND selling_price <= 10000),
    CONSTRAINT products_cost_below_price_check CHECK (unit_cost < selling_price),
    CONSTRAINT products_weight_check CHECK (weight_kg IS NULL OR (weight_kg >= 0.001 AND weight_kg <= 50)),
    CONSTRAINT products_dimensions_format_check
        CHECK (dimensions_cm IS NULL OR dimensions_cm ~ '^[0-9]+(\.[0-9]+)?x[0-9]+(\.[0-9]+)?x[0-9]+(\.[0-9]+)?$'),
    CONSTRAINT products_production_time_check CHECK (production_time_hours >= 0.1 AND production_time_hours <= 72),
    CONSTRAINT products_batch_size_check
        CHECK (batch_size_min BETWEEN 1 AND 10000 AND batch_size_max >= batch_size_min AND batch_size_max <= 100000),
    CONSTRAINT products_lead_time_check CHECK (lead_time_days > 0),
    CONSTRAINT products_shelf_life_check CHECK (shelf_life_days IS NULL OR shelf_life_days > 0),
    CONSTRAINT products_market_region_fkey FOREIGN KEY (market_region) REFERENCES markets (code)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    CONSTRAINT products_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT products_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE INDEX products_category_market_idx ON products (category, market_region);
-- Foreign keys are not indexed automatically; RESTRICT checks on markets need this.
CREATE INDEX products_market_region_idx ON products (market_region);

CREATE TRIGGER products_set_updated_at BEFORE UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE sales_channels (
    id                        uuid          NOT NULL DEFAULT gen_random_uuid(),
    name                      varchar(100)  NOT NULL,
    channel_type              varchar(50)   NOT NULL,
    market_code               varchar(10)   NOT NULL,
    commission_rate           numeric(5,4)  NOT NULL,
    fulfillment_method        varchar(20)   NOT NULL,
    -- Amazon marketplace id (e.g. A1F83G8C2ARO7P); NULL for web shops.
    marketplace_id            varchar(20),
    -- Per-order fixed fee (Shopify's 0.30) and per-unit fulfilment fee (FBA), channel currency.
    fixed_fee_per_order       numeric(10,2) NOT NULL DEFAULT 0,
    fulfillment_fee_per_unit  numeric(10,2) NOT NULL DEFAULT 0,
    -- Days from sale to cash (Amazon's 14-day settlement; DSO target for web shops).
    payment_terms_days        integer       NOT NULL DEFAULT 14,
    processing_days           integer       NOT NULL DEFAULT 1,
    -- Integration settings. Non-secret configuration (endpoints, shop domain) is jsonb;
    -- credentials are stored only as ciphertext, encrypted by the application with a key
    -- kept in the OS keychain, so a database dump never exposes them.
    api_settings              jsonb         NOT NULL DEFAULT '{}'::jsonb,
    api_credentials_encrypted bytea,
    sync_status               varchar(20)   NOT NULL DEFAULT 'never',
    last_sync_at              timestamptz,
    last_sync_error           text,
    -- Performance metrics and targets.
    conversion_rate           numeric(5,4),
    return_rate               numeric(5,4),
    monthly_revenue_target    numeric(15,2),
    is_active                 boolean       NOT NULL DEFAULT true,
    created_at                timestamptz   NOT NULL DEFAULT now(),
    updated_at                timestamptz   NOT NULL DEFAULT now(),
    created_by                uuid,
    updated_by                uuid,
    CONSTRAINT sales_channels_pkey PRIMARY KEY (id),
    CONSTRAINT sales_channels_name_key UNIQUE (name),
    CONSTRAINT sales_channels_channel_type_check CHECK (channel_type IN ('Amazon', 'Shopify')),
    CONSTRAINT sales_channels_fulfillment_method_check CHECK (fulfillment_method IN ('FBA', 'FBM', 'Own')),
    -- Amazon ships FBA or FBM; a web shop ships from our own warehouse or 3PL.
    CONSTRAINT sales_channels_fulfillment_matches_type_check CHECK (
        (channel_type = 'Amazon' AND fulfillment_method IN ('FBA', 'FBM'))
        OR (channel_type = 'Shopify' AND fulfillment_method = 'Own')),
    CONSTRAINT sales_channels_commission_rate_check CHECK (commission_rate >= 0 AND commission_rate <= 1),
    CONSTRAINT sales_channels_fees_check CHECK (fixed_fee_per_order >= 0 AND fulfillment_fee_per_unit >= 0),
    CONSTRAINT sales_channels_days_check CHECK (payment_terms_days >= 0 AND processing_days >= 0),
    CONSTRAINT sales_channels_sync_status_check
        CHECK (sync_status IN ('never', 'syncing', 'ok', 'error', 'disabled')),
    CONSTRAINT sales_channels_sync_error_check CHECK (sync_status <> 'error' OR last_sync_error IS NOT NULL),
    CONSTRAINT sales_channels_conversion_rate_check
        CHECK (conversion_rate IS NULL OR (conversion_rate >= 0 AND conversion_rate <= 1)),
    CONSTRAINT sales_channels_return_rate_check
        CHECK (return_rate IS NULL OR (return_rate >= 0 AND return_rate <= 1)),
    CONSTRAINT sales_channels_target_check CHECK (monthly_revenue_target IS NULL OR monthly_revenue_target >= 0),
    CONSTRAINT sales_channels_market_code_fkey FOREIGN KEY (market_code) REFERENCES markets (code)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    CONSTRAINT sales_channels_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT sales_channels_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE INDEX sales_channels_type_market_idx ON sales_channels (channel_type, market_code);
CREATE INDEX sales_channels_market_code_idx ON sales_channels (market_code);

CREATE TRIGGER sales_channels_set_updated_at BEFORE UPDATE ON sales_channels
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
