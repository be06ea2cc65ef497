// The working-capital charts. Loaded on demand: they pull in the chart library.
import type { CashProjection, RiskMonth } from "../../lib/ipc";
import { Chart, chartColors } from "../../shared/Chart";
import { type ChartText, type ComparedScenario, balancesChartOption, cashChartOption, compareChartOption, riskChartOption } from "./charts";
import { type CompareKpi, compareKpi } from "./compare";

function span(p: Pick<CashProjection, "months">, text: ChartText): string {
  const first = p.months[0];
  const last = p.months.at(-1);
  return first && last ? `from ${text.month(first.month)} to ${text.month(last.month)}` : "";
}

export function CashChart({ projection, text, theme }: { projection: CashProjection; text: ChartText; theme: string }) {
  const label =
    `Cash at the end of each month ${span(projection, text)} under the ${projection.scenario} scenario, the credit line drawn, ` +
    `the minimum cash of ${text.money(projection.minimumCash)} and the credit limit of ${text.money(projection.creditLimit)}.`;
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

export function RiskChart({ risk, scenario, text, theme }: { risk: RiskMonth[]; scenario: string; text: ChartText; theme: string }) {
  const label = `The simulated chance in each month of cash below the minimum even with the line fully drawn, and of more than 75% of the line drawn, under the ${scenario} scenario.`;
  return <Chart option={riskChartOption(risk, chartColors(), text)} label={label} height={220} exportName={`cash shortfall risk ${scenario}`} theme={theme} />;
}

export function BalancesChart({ projection, text, theme }: { projection: CashProjection; text: ChartText; theme: string }) {
  const label = `Receivables, payables, inventory and the working capital they make at the end of each month ${span(projection, text)}, under the ${projection.scenario} scenario.`;
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
  const label = `${what} per month under the scenarios ${scenarios.map((s) => s.name).join(", ")}.`;
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
