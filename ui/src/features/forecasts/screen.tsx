import { ComingSoon } from "../../shared/ComingSoon";
import type { ScreenEntry } from "../../shared/screen";

function ForecastsScreen() {
  return (
    <ComingSoon
      testId="forecasts"
      title="Forecasts"
      description="Demand forecasts by market, channel and product with confidence bands and accuracy scores will appear here. Until then, the dashboard shows actual sales."
    />
  );
}

// No permission yet: the placeholder shows no data. The real screen will need forecast.run.
export const screen: ScreenEntry = { path: "/forecasts", label: "Forecasts", shortcut: "f", component: ForecastsScreen };
