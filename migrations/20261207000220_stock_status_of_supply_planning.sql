-- One stock-status vocabulary for the database, the domain and supply planning:
-- out, critical (below safety stock or running out within the lead time), low (at or below
-- the reorder point: order now), healthy, excess and obsolete (stock with no demand).
-- Existing rows keep their meaning: out_of_stock → out, low (below safety stock) →
-- critical, reorder → low, overstock → excess.
ALTER TABLE inventory_levels DROP CONSTRAINT inventory_levels_stock_status_check;

UPDATE inventory_levels
SET stock_status = CASE stock_status
        WHEN 'out_of_stock' THEN 'out'
        WHEN 'low' THEN 'critical'
        WHEN 'reorder' THEN 'low'
        WHEN 'overstock' THEN 'excess'
    END
WHERE stock_status IN ('out_of_stock', 'low', 'reorder', 'overstock');

ALTER TABLE inventory_levels ADD CONSTRAINT inventory_levels_stock_status_check
    CHECK (stock_status IN ('out', 'critical', 'low', 'healthy', 'excess', 'obsolete'));
