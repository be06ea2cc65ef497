// The capacity chart. Loaded on demand: it pulls in the chart library.
import type { CapacityView } from "../../lib/ipc";
import { Chart, chartColors } from "../../shared/Chart";
import { formatDate, formatNumber, formatShare } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { capacityChartOption } from "./capacity";

export function CapacityChart({ view, theme }: { view: CapacityView; theme: string }) {
  const { locale } = useLocale();
  const text = {
    week: (weekStart: string) => formatDate(weekStart, locale),
    units: (value: number | null) => (value == null ? formatNumber(0, locale) : formatNumber(value.toFixed(0), locale)),
    share: (fraction: number) => formatShare(fraction, locale, { digits: 0 }),
  };
  const label =
    `Units booked per week on each resource the schedule counts, over ${view.weeks.length} weeks, ` +
    `beside its capacity at ${view.hoursPerWeek} hours a week; a bar above its dashed line is over-booked.`;
  return <Chart option={capacityChartOption(view, chartColors(), text)} label={label} height={320} exportName="production-capacity" theme={theme} />;
}
