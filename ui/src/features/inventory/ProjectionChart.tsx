// An item's projection chart. Loaded on demand: it pulls in the chart library.
import { MarkLineComponent } from "echarts/components";
import * as echarts from "echarts/core";
import type { ItemProjection } from "../../lib/ipc";
import { Chart, chartColors } from "../../shared/Chart";
import { formatDate } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { unitsText } from "./items";
import { projectionChartOption } from "./projectionChart";

// The reorder point, safety stock and stock-out are marked lines; registered here, so only
// this screen's chunk carries them.
echarts.use([MarkLineComponent]);

export function ProjectionChart({ projection, theme }: { projection: ItemProjection; theme: string }) {
  const { locale } = useLocale();
  const { item, plan, weeks } = projection;
  const text = {
    week: (weekStart: string) => formatDate(weekStart, locale),
    units: (value: number | null) => unitsText(value, locale),
  };
  const label =
    `Projected stock of ${item.sku} at ${item.location} at the end of each of ${weeks.length} weeks, with its 80% range, ` +
    `the forecast demand per week, the reorder point (${unitsText(plan.reorderPoint, locale)} units) and the safety stock ` +
    `(${unitsText(plan.safetyStock, locale)} units)` +
    (plan.stockoutDate ? `; the stock runs out on ${formatDate(plan.stockoutDate, locale)}.` : ".");
  return (
    <Chart
      option={projectionChartOption(weeks, plan, chartColors(), text)}
      label={label}
      height={340}
      exportName={`inventory ${item.sku} ${item.location}`}
      theme={theme}
    />
  );
}
