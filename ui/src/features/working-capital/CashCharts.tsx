// The working-capital charts. Loaded on demand: they pull in the chart library.
import type { CashProjection, ProductCash, RiskMonth } from "../../lib/ipc";
import { Chart, chartColors } from "../../shared/Chart";
import {
  type ChartText,
  type ComparedScenario,
  balancesChartOption,
  cashChartOption,
  compareChartOption,
  productChartOption,
  riskChartOption,
  sensitivityChartOption,
} from "./charts";
import { type CompareKpi, compareKpi } from "./compare";
import { covenantCaps, covenantText, lineWarningText } from "./figures";
import type { DriverSwing } from "./sensitivity";

function span(periods: readonly string[], text: ChartText): string {
  const first = periods[0];
  const last = periods.at(-1);
  return first && last ? `from ${text.period(first)} to ${text.period(last)}` : "";
}

const monthsOf = (p: Pick<CashProjection, "months">) => p.months.map((m) => m.month);

export function CashChart({ projection, text, theme }: { projection: CashProjection; text: ChartText; theme: string }) {
  const label =
    `Cash at the end of each ${text.unit} ${span(monthsOf(projection), text)} under the ${projection.scenario} scenario, the credit line drawn, ` +
    `the minimum cash of ${text.money(projection.minimumCash)} and the credit limit of ${text.money(projection.creditLimit)}` +
    `${covenantCaps(projection) ? `, ${covenantText(projection, text) ?? ""}` : ""}.`;
  return (
    <Chart
      option={cashChartOption(projection, chartColors(), text)}
      label={label}
      height={320}
      exportName={`cash timeline ${projection.scenario}`}
      theme={theme}
    />
  );
}

export function RiskChart({
  risk,
  lineWarningShare,
  scenario,
  text,
  theme,
}: {
  risk: RiskMonth[];
  /** The projection's share of the line drawn that raises a warning, "0.75". */
  lineWarningShare: string;
  scenario: string;
  text: ChartText;
  theme: string;
}) {
  const warning = lineWarningText(lineWarningShare, text);
  const label =
    `The simulated chance in each ${text.unit} of cash below the minimum even with the line fully drawn, and of ` +
    `${warning === null ? "the line drawn past its warning level" : `more than ${warning} of the line drawn`}, under the ${scenario} scenario.`;
  return (
    <Chart
      option={riskChartOption(risk, lineWarningShare, chartColors(), text)}
      label={label}
      height={220}
      exportName={`cash shortfall risk ${scenario}`}
      theme={theme}
    />
  );
}

export function BalancesChart({ projection, text, theme }: { projection: CashProjection; text: ChartText; theme: string }) {
  const label = `Receivables, payables, inventory and the working capital they make at the end of each ${text.unit} ${span(monthsOf(projection), text)}, under the ${projection.scenario} scenario.`;
  return (
    <Chart
      option={balancesChartOption(projection.months, chartColors(), text)}
      label={label}
      height={300}
      exportName={`working capital balances ${projection.scenario}`}
      theme={theme}
    />
  );
}

export function CompareChart({ scenarios, kpi, text, theme }: { scenarios: ComparedScenario[]; kpi: CompareKpi; text: ChartText; theme: string }) {
  const what = compareKpi(kpi).label;
  const label = `${what} per ${text.unit} under the scenarios ${scenarios.map((s) => s.name).join(", ")}.`;
  return (
    <Chart
      option={compareChartOption(scenarios, kpi, chartColors(), text)}
      label={label}
      height={320}
      exportName={`scenarios ${what.toLowerCase()}`}
      theme={theme}
    />
  );
}

export function SensitivityChart({ swings, scenario, text, theme }: { swings: DriverSwing[]; scenario: string; text: ChartText; theme: string }) {
  const label =
    `How far each driver moved a step down and a step up changes the lowest net cash under the ${scenario} scenario, ` +
    `the driver that matters most first: ${swings.map((s) => s.label).join(", ")}.`;
  return (
    <Chart
      option={sensitivityChartOption(swings, chartColors(), text)}
      label={label}
      // A row per driver, with room for the legend and the axis.
      height={Math.max(220, 80 + swings.length * 44)}
      exportName={`drivers that matter most ${scenario}`}
      theme={theme}
    />
  );
}

export function ProductChart({ periods, product, text, theme }: { periods: string[]; product: ProductCash; text: ChartText; theme: string }) {
  const label = `Revenue and cost of goods sold of ${product.sku} ${product.name} in ${product.market} per ${text.unit} ${span(periods, text)}.`;
  return (
    <Chart
      option={productChartOption(periods, product, chartColors(), text)}
      label={label}
      height={280}
      exportName={`product ${product.sku} ${product.market}`}
      theme={theme}
    />
  );
}
