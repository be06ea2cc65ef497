-- Forecast approvals and planners' overrides, and working-capital figures, are decisions
-- someone must be able to trace later: audit them like the other sensitive tables
-- (migration 0100). A model run inserts thousands of forecast rows at once and is traced
-- by its batch, so only Manual rows (overrides) are audited on insert.
CREATE TRIGGER forecasts_status_audit AFTER UPDATE OF status ON forecasts FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER forecasts_override_audit AFTER INSERT ON forecasts FOR EACH ROW
    WHEN (NEW.model_type = 'Manual')
    EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER working_capital_audit AFTER INSERT OR UPDATE OR DELETE ON working_capital FOR EACH ROW
    EXECUTE FUNCTION audit_row_change();
