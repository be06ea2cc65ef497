//! Fetching a kept copy again: each report screen's parameters, as kept with its copy, go
//! back through the screen's own use case, which keeps the new answer in its place.

use serde::de::DeserializeOwned;

use super::Screen;
use crate::{App, AppError};

fn params<P: DeserializeOwned>(screen: Screen, value: serde_json::Value) -> Result<P, AppError> {
    serde_json::from_value(value).map_err(|e| {
        AppError::validation(
            "cache",
            format!(
                "the kept {} names a view this version does not know: {e}",
                screen.name()
            ),
        )
    })
}

/// Runs `screen`'s use case with the parameters of a kept copy.
pub(super) async fn fetch_again(
    app: &App,
    screen: Screen,
    value: serde_json::Value,
) -> Result<(), AppError> {
    match screen {
        Screen::Dashboard => {
            crate::dashboard::get_dashboard(app, params(screen, value)?).await?;
        }
        Screen::ForecastRuns => {
            crate::forecasts::list_runs(app).await?;
        }
        Screen::ForecastSeries => {
            crate::forecasts::run_series(app, params(screen, value)?).await?;
        }
        Screen::ForecastDetail => {
            let (run_id, key) = params(screen, value)?;
            crate::forecasts::series_detail(app, run_id, key).await?;
        }
        Screen::Inventory => {
            crate::inventory::list_items(app, params(screen, value)?).await?;
        }
        Screen::StockRisks => {
            crate::inventory::stock_risks(app, params(screen, value)?).await?;
        }
        Screen::CashProjection => {
            crate::working_capital::project(app, params(screen, value)?).await?;
        }
    }
    Ok(())
}
