//! Demand forecasting engine for Sentia: series in, forecasts out.
