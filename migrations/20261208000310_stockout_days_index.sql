-- A forecast run reads its units from the sales summaries and only the stock-out days from
-- historical_sales; this index holds just those rows (a few in a hundred), so that read
-- no longer scans every sale of the history.
CREATE INDEX historical_sales_stockout_idx ON historical_sales (sale_date, product_id, sales_channel_id)
    WHERE stockout;
