-- When each market's VAT or sales tax is filed and paid, and the duty on goods shipped into
-- it, for the cash projection's tax obligations.

ALTER TABLE markets
    -- Months a return covers: 1 (monthly), 3 (calendar quarters) or 12.
    ADD COLUMN tax_filing_months smallint NOT NULL DEFAULT 1,
    -- The payment is due this long after the return's period ends, e.g. HMRC's one month
    -- and seven days, or the 20th of the next month (0 months, 20 days).
    ADD COLUMN tax_due_months smallint NOT NULL DEFAULT 1,
    ADD COLUMN tax_due_days smallint NOT NULL DEFAULT 0,
    -- Import duty on the cost of goods shipped into the market from the plant.
    ADD COLUMN duty_rate numeric(5,4) NOT NULL DEFAULT 0,
    ADD CONSTRAINT markets_tax_filing_months_check CHECK (tax_filing_months IN (1, 3, 12)),
    ADD CONSTRAINT markets_tax_due_check
        CHECK (tax_due_months BETWEEN 0 AND 12 AND tax_due_days BETWEEN 0 AND 90
               AND (tax_due_months > 0 OR tax_due_days > 0)),
    ADD CONSTRAINT markets_duty_rate_check CHECK (duty_rate >= 0 AND duty_rate < 1);
