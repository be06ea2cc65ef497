// The working-capital charts as ECharts options. Pure (colours and wording are passed in), so
// what each chart shows is tested without a canvas. Amounts arrive as decimal strings and
// become numbers only here, to place points; tooltips show the strings.

import type { EChartsOption } from "echarts";
import type { CashMonth, CashProjection, ProductCash, RiskMonth } from "../../lib/ipc";
import type { ChartColors } from "../../shared/Chart";
import { axisTooltip } from "../../shared/chartTooltip";
import { decimalSign, subtractDecimal, toPlotNumber } from "../../shared/format";
import { type CompareKpi, compareKpi, kpiValue } from "./compare";
import { type CashText, covenantCaps, lineWarningText } from "./figures";
import type { DriverSwing } from "./sensitivity";

/** How the charts word their axes: a compact amount ("£1.2M") besides the figures' own formatting. */
export interface ChartText extends CashText {
  moneyAxis: (value: number) => string;
}

/** The legends' names, which the tooltips and the tests use too. */
export const CASH_NAMES = {
  closingCash: "Closing cash",
  drawn: "Line drawn",
  minimumCash: "Minimum cash",
  creditLimit: "Credit limit",
} as const;

/**
 * The risk chart's legend names, which its tooltip uses too: the line's from the projection's
 * warning share, "Chance of more than 75% of the line drawn".
 */
export function riskNames(lineWarningShare: string, text: Pick<CashText, "percent">): { shortfall: string; lineOverWarning: string } {
  const warning = lineWarningText(lineWarningShare, text);
  return {
    shortfall: "Chance of a shortfall",
    lineOverWarning: warning === null ? "Chance of the line drawn past its warning level" : `Chance of more than ${warning} of the line drawn`,
  };
}

export const BALANCE_NAMES = {
  receivables: "Receivables",
  payables: "Payables",
  inventory: "Inventory",
  workingCapital: "Working capital",
} as const;

function plot(values: readonly (string | null)[]): (number | null)[] {
  return values.map((v) => toPlotNumber(v));
}

/** The periods along the bottom, each named by its first day as the projection's granularity says. */
function periodAxis(periods: readonly string[], colors: ChartColors, text: ChartText): EChartsOption["xAxis"] {
  return {
    type: "category",
    data: [...periods],
    axisLabel: { color: colors.muted, formatter: (value: string) => text.period(value) },
    axisLine: { lineStyle: { color: colors.grid } },
  };
}

function moneyAxis(name: string, colors: ChartColors, text: ChartText) {
  return {
    type: "value" as const,
    name,
    nameTextStyle: { color: colors.muted },
    axisLabel: { color: colors.muted, formatter: (value: number) => text.moneyAxis(value) },
    splitLine: { lineStyle: { color: colors.grid, opacity: 0.6 } },
  };
}

const base = (colors: ChartColors) => ({
  animation: false,
  textStyle: { color: colors.text },
  grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
});

/** What the cash chart's tooltip says about one month. */
type CashChartData = Pick<CashProjection, "months" | "minimumCash" | "creditLimit" | "facilityLimit" | "covenantLimit">;

export function cashTooltipLines(p: CashChartData, month: string, text: CashText): string[] {
  const m = p.months.find((x) => x.month === month);
  if (!m) return [];
  const lines = [
    text.period(month),
    `${CASH_NAMES.closingCash}: ${text.money(m.closingCash)}`,
    `${CASH_NAMES.drawn}: ${text.money(m.drawn)} (headroom ${text.money(m.headroom)})`,
    `${CASH_NAMES.minimumCash}: ${text.money(p.minimumCash)}`,
    `${CASH_NAMES.creditLimit}: ${text.money(p.creditLimit)}${covenantCaps(p) ? ` (capped by the lender's covenant; facility ${text.money(p.facilityLimit)})` : ""}`,
  ];
  if (decimalSign(m.shortfall) > 0) lines.push(`Short of the minimum: ${text.money(m.shortfall)}`);
  return lines;
}

/**
 * Cash at each month's end as a line, the line drawn as bars beneath it, and the minimum cash
 * and the credit limit as flat dashed lines (series rather than marks, so the legend can hide
 * the limit when it dwarfs the cash).
 */
export function cashChartOption(p: CashChartData, colors: ChartColors, text: ChartText): EChartsOption {
  const months = p.months.map((m) => m.month);
  const flat = (value: string) => months.map(() => toPlotNumber(value));
  const level = (name: string, value: string, color: string) => ({
    name,
    type: "line" as const,
    data: flat(value),
    symbol: "none",
    lineStyle: { color, type: "dashed" as const, width: 1.5 },
    itemStyle: { color },
    z: 2,
  });
  return {
    ...base(colors),
    legend: { top: 0, textStyle: { color: colors.text }, data: Object.values(CASH_NAMES) },
    tooltip: axisTooltip(colors, (month) => cashTooltipLines(p, month, text)),
    xAxis: periodAxis(months, colors, text),
    yAxis: moneyAxis("Amount", colors, text),
    series: [
      {
        name: CASH_NAMES.drawn,
        type: "bar",
        data: plot(p.months.map((m) => m.drawn)),
        itemStyle: { color: colors.warning, opacity: 0.55 },
        z: 1,
      },
      level(CASH_NAMES.minimumCash, p.minimumCash, colors.danger),
      level(CASH_NAMES.creditLimit, p.creditLimit, colors.muted),
      {
        name: CASH_NAMES.closingCash,
        type: "line",
        data: plot(p.months.map((m) => m.closingCash)),
        symbol: "circle",
        symbolSize: 5,
        lineStyle: { width: 2.5, color: colors.primary },
        itemStyle: { color: colors.primary },
        z: 3,
      },
    ],
  };
}

/** A simulated share as a percentage to plot, to one decimal. */
function percentPoint(fraction: number | null): number | null {
  return fraction == null || !Number.isFinite(fraction) ? null : Math.round(fraction * 1000) / 10;
}

export function riskTooltipLines(risk: readonly RiskMonth[], lineWarningShare: string, month: string, text: CashText): string[] {
  const r = risk.find((x) => x.month === month);
  if (!r) return [];
  const names = riskNames(lineWarningShare, text);
  const share = (v: number | null) => (v == null ? "—" : text.share(v));
  return [text.period(month), `${names.shortfall}: ${share(r.shortfall)}`, `${names.lineOverWarning}: ${share(r.lineOverWarning)}`];
}

/**
 * The simulated chance, per month, of cash short of the minimum (bars) and of more of the line
 * drawn than the projection's warning share (line), 0–100 %.
 */
export function riskChartOption(risk: readonly RiskMonth[], lineWarningShare: string, colors: ChartColors, text: ChartText): EChartsOption {
  const names = riskNames(lineWarningShare, text);
  return {
    ...base(colors),
    legend: { top: 0, textStyle: { color: colors.text }, data: Object.values(names) },
    tooltip: axisTooltip(colors, (month) => riskTooltipLines(risk, lineWarningShare, month, text)),
    xAxis: periodAxis(
      risk.map((r) => r.month),
      colors,
      text,
    ),
    yAxis: {
      type: "value",
      name: "Probability (%)",
      min: 0,
      max: 100,
      nameTextStyle: { color: colors.muted },
      axisLabel: { color: colors.muted, formatter: "{value}%" },
      splitLine: { lineStyle: { color: colors.grid, opacity: 0.6 } },
    },
    series: [
      {
        name: names.shortfall,
        type: "bar",
        data: risk.map((r) => percentPoint(r.shortfall)),
        itemStyle: { color: colors.danger, opacity: 0.7 },
      },
      {
        name: names.lineOverWarning,
        type: "line",
        data: risk.map((r) => percentPoint(r.lineOverWarning)),
        symbol: "none",
        lineStyle: { width: 2, color: colors.warning },
        itemStyle: { color: colors.warning },
      },
    ],
  };
}

export function balancesTooltipLines(months: readonly CashMonth[], month: string, text: CashText): string[] {
  const m = months.find((x) => x.month === month);
  if (!m) return [];
  return [
    text.period(month),
    `${BALANCE_NAMES.receivables}: ${text.money(m.receivables)}`,
    `${BALANCE_NAMES.payables}: ${text.money(m.payables)}`,
    `${BALANCE_NAMES.inventory}: ${text.money(m.inventory)}`,
    `${BALANCE_NAMES.workingCapital}: ${text.money(m.workingCapital)}`,
  ];
}

/** Receivables, payables and inventory at each month's end, and the working capital they make (dashed). */
export function balancesChartOption(months: readonly CashMonth[], colors: ChartColors, text: ChartText): EChartsOption {
  const line = (name: string, values: string[], color: string, dashed = false) => ({
    name,
    type: "line" as const,
    data: plot(values),
    symbol: "none",
    lineStyle: { width: dashed ? 1.5 : 2.5, color, type: dashed ? ("dashed" as const) : ("solid" as const) },
    itemStyle: { color },
  });
  return {
    ...base(colors),
    legend: { top: 0, textStyle: { color: colors.text }, data: Object.values(BALANCE_NAMES) },
    tooltip: axisTooltip(colors, (month) => balancesTooltipLines(months, month, text)),
    xAxis: periodAxis(
      months.map((m) => m.month),
      colors,
      text,
    ),
    yAxis: moneyAxis("Balance at month end", colors, text),
    series: [
      line(
        BALANCE_NAMES.receivables,
        months.map((m) => m.receivables),
        colors.primary,
      ),
      line(
        BALANCE_NAMES.payables,
        months.map((m) => m.payables),
        colors.warning,
      ),
      line(
        BALANCE_NAMES.inventory,
        months.map((m) => m.inventory),
        colors.success,
      ),
      line(
        BALANCE_NAMES.workingCapital,
        months.map((m) => m.workingCapital),
        colors.muted,
        true,
      ),
    ],
  };
}

/** A colour per scenario compared, distinct for the six there are. */
export function scenarioColors(colors: ChartColors): string[] {
  return [colors.primary, colors.warning, colors.success, colors.danger, colors.secondary, colors.text];
}

export interface ComparedScenario {
  name: string;
  projection: Pick<CashProjection, "months">;
}

/** What the comparison's tooltip says about one month: each scenario's figure. */
export function compareTooltipLines(scenarios: readonly ComparedScenario[], kpi: CompareKpi, month: string, text: CashText): string[] {
  const unit = compareKpi(kpi).unit;
  const lines = [`${text.period(month)} · ${compareKpi(kpi).label}`];
  for (const s of scenarios) {
    const m = s.projection.months.find((x) => x.month === month);
    const v = m ? kpiValue(m, kpi) : null;
    lines.push(`${s.name}: ${v === null ? "—" : unit === "money" ? text.money(v) : `${text.days(v)} days`}`);
  }
  return lines;
}

/** One figure per month under each scenario compared, a line each. */
export function compareChartOption(scenarios: readonly ComparedScenario[], kpi: CompareKpi, colors: ChartColors, text: ChartText): EChartsOption {
  const spec = compareKpi(kpi);
  const months = scenarios[0]?.projection.months.map((m) => m.month) ?? [];
  const palette = scenarioColors(colors);
  return {
    ...base(colors),
    legend: { top: 0, textStyle: { color: colors.text }, data: scenarios.map((s) => s.name) },
    tooltip: axisTooltip(colors, (month) => compareTooltipLines(scenarios, kpi, month, text)),
    xAxis: periodAxis(months, colors, text),
    yAxis:
      spec.unit === "money"
        ? moneyAxis(spec.label, colors, text)
        : {
            type: "value",
            name: `${spec.label} (days)`,
            nameTextStyle: { color: colors.muted },
            axisLabel: { color: colors.muted },
            splitLine: { lineStyle: { color: colors.grid, opacity: 0.6 } },
          },
    series: scenarios.map((s, i) => {
      const color = palette[i % palette.length] ?? colors.primary;
      const byMonth = new Map(s.projection.months.map((m) => [m.month, kpiValue(m, kpi)]));
      return {
        name: s.name,
        type: "line" as const,
        data: plot(months.map((m) => byMonth.get(m) ?? null)),
        symbol: "none",
        // The reference scenario drawn heavier: the table's differences are against it.
        lineStyle: { width: i === 0 ? 3 : 2, color },
        itemStyle: { color },
      };
    }),
  };
}

export const SENSITIVITY_NAMES = {
  down: "A step down",
  up: "A step up",
} as const;

function signedMoney(value: string | null, text: CashText): string {
  if (value === null) return "—";
  return decimalSign(value) > 0 ? `+${text.money(value)}` : text.money(value);
}

/** What the tornado's tooltip says about one driver: the lowest net cash each way, and its change. */
export function sensitivityTooltipLines(swings: readonly DriverSwing[], driver: string, text: CashText): string[] {
  const s = swings.find((x) => x.driver === driver);
  if (!s) return [];
  return [
    `${s.label}, a step of ${s.step}`,
    `${SENSITIVITY_NAMES.down}: lowest net cash ${text.money(s.lowestDown)} (${signedMoney(s.down, text)})`,
    `${SENSITIVITY_NAMES.up}: lowest net cash ${text.money(s.lowestUp)} (${signedMoney(s.up, text)})`,
  ];
}

/**
 * A tornado: for each driver, the change in the lowest net cash when it moves a step down and
 * a step up, as horizontal bars either side of no change, the driver that matters most on top.
 */
export function sensitivityChartOption(swings: readonly DriverSwing[], colors: ChartColors, text: ChartText): EChartsOption {
  const labels = new Map(swings.map((s) => [s.driver, s.label]));
  return {
    ...base(colors),
    legend: { top: 0, textStyle: { color: colors.text }, data: Object.values(SENSITIVITY_NAMES) },
    tooltip: axisTooltip(colors, (driver) => sensitivityTooltipLines(swings, driver, text)),
    yAxis: {
      type: "category",
      data: swings.map((s) => s.driver),
      // The first driver, the one that matters most, at the top.
      inverse: true,
      axisLabel: { color: colors.text, formatter: (driver: string) => labels.get(driver) ?? driver },
      axisLine: { lineStyle: { color: colors.grid } },
      axisTick: { show: false },
    },
    xAxis: moneyAxis("Change in the lowest net cash", colors, text),
    series: [
      {
        name: SENSITIVITY_NAMES.down,
        type: "bar",
        data: plot(swings.map((s) => s.down)),
        itemStyle: { color: colors.warning },
      },
      {
        name: SENSITIVITY_NAMES.up,
        type: "bar",
        data: plot(swings.map((s) => s.up)),
        itemStyle: { color: colors.primary },
      },
    ],
  };
}

export const PRODUCT_NAMES = {
  revenue: "Revenue",
  cogs: "COGS",
  receipts: "Receipts",
} as const;

/** What a product chart's tooltip says about one period. */
export function productTooltipLines(periods: readonly string[], product: Pick<ProductCash, "units" | "revenue" | "cogs" | "receipts">, period: string, text: CashText): string[] {
  const i = periods.indexOf(period);
  const revenue = product.revenue[i];
  const cogs = product.cogs[i];
  if (i < 0 || revenue === undefined || cogs === undefined) return [];
  const units = product.units[i];
  return [
    text.period(period),
    `${PRODUCT_NAMES.revenue}: ${text.money(revenue)}`,
    `${PRODUCT_NAMES.cogs}: ${text.money(cogs)}`,
    `Gross profit: ${text.money(subtractDecimal(revenue, cogs) ?? "")}`,
    ...(product.receipts[i] === undefined ? [] : [`${PRODUCT_NAMES.receipts}: ${text.money(product.receipts[i])}`]),
    ...(units === undefined ? [] : [`Units: ${text.units(units)}`]),
  ];
}

/** A product's revenue and cost of goods sold per period, side by side, and the cash its sales bring in. */
export function productChartOption(periods: readonly string[], product: Pick<ProductCash, "units" | "revenue" | "cogs" | "receipts">, colors: ChartColors, text: ChartText): EChartsOption {
  return {
    ...base(colors),
    legend: { top: 0, textStyle: { color: colors.text }, data: Object.values(PRODUCT_NAMES) },
    tooltip: axisTooltip(colors, (period) => productTooltipLines(periods, product, period, text)),
    xAxis: periodAxis(periods, colors, text),
    yAxis: moneyAxis("Amount", colors, text),
    series: [
      { name: PRODUCT_NAMES.revenue, type: "bar", data: plot(product.revenue), itemStyle: { color: colors.primary } },
      { name: PRODUCT_NAMES.cogs, type: "bar", data: plot(product.cogs), itemStyle: { color: colors.warning } },
      { name: PRODUCT_NAMES.receipts, type: "line", data: plot(product.receipts), itemStyle: { color: colors.success } },
    ],
  };
}
