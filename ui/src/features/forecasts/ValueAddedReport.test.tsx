// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Permission, ValueAddedBy, ValueAddedReport } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import { ForecastsScreen } from "./ForecastsScreen";
import { aggregateView, categoryReport, emptyReport, plannerReport, run, summary } from "./fixtures.test-data";

const ipc = vi.hoisted(() => ({
  listForecastRuns: vi.fn(),
  forecastRunSeries: vi.fn(),
  forecastAggregate: vi.fn(),
  forecastValueAdded: vi.fn(),
  exportTable: vi.fn(),
}));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));
// The chart library draws on a canvas, which the test DOM has not got: the stand-in shows what it was given.
vi.mock("./ValueAddedChart", () => ({
  ValueAddedChart: ({ report }: { report: ValueAddedReport }) => (
    <p data-testid="fva-chart-stand-in">
      {report.by}: {report.groups.map((g) => `${g.label} ${g.months.length}`).join(", ")}
    </p>
  ),
}));
vi.mock("./AggregateChart", () => ({ AggregateChart: () => null }));
vi.mock("./SeriesCharts", () => ({ SeriesChart: () => null, ComponentsChart: () => null }));

const VIEWER: Permission[] = ["dashboard.view", "data.export"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  ipc.listForecastRuns.mockResolvedValue(ok([run()]));
  ipc.forecastRunSeries.mockResolvedValue(ok([summary()]));
  ipc.forecastAggregate.mockResolvedValue(ok(aggregateView()));
  ipc.forecastValueAdded.mockImplementation((by: ValueAddedBy) => Promise.resolve(ok(by === "category" ? categoryReport() : plannerReport())));
  ipc.exportTable.mockResolvedValue(ok({ path: "/home/priya/Downloads/sentia-forecast-value-added.xlsx" }));
});

const renderForecasts = () => render(<ForecastsScreen />, { path: "/forecasts", session: { permissions: VIEWER, username: "priya.planner" } });

async function click(node: Element | null | undefined) {
  if (!node) throw new Error("nothing to click");
  await act(async () => (node as HTMLElement).click());
}

const all = (el: ParentNode, id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
const labels = (el: HTMLElement) => all(el, "fva-row").map((r) => r.getAttribute("data-label"));
const cells = (el: HTMLElement, label: string) =>
  Array.from(all(el, "fva-row").find((r) => r.getAttribute("data-label") === label)?.querySelectorAll("td") ?? []).map((td) => td.textContent);
const headers = (el: HTMLElement) => Array.from(byTestId(el, "fva-table")?.querySelectorAll("thead th") ?? []).map((th) => th.textContent?.replace(/[▲▼]/g, ""));

describe("the forecast value added report", () => {
  it("shows each planner's accuracy and value added at the bottom of the screen, and charts it by month", async () => {
    const el = renderForecasts();
    await until(() => all(el, "fva-row").length === 2);
    expect(ipc.forecastValueAdded).toHaveBeenCalledWith("planner");
    expect(byTestId(el, "forecast-value-added")?.querySelector("h2")?.textContent).toBe("Forecast value added");
    // Below everything else on the screen.
    const sections = Array.from(byTestId(el, "forecasts")?.querySelectorAll(":scope > section") ?? []);
    expect(sections.at(-1)?.getAttribute("data-testid")).toBe("forecast-value-added");
    expect(byTestId<HTMLInputElement>(el, "fva-by-planner")?.checked).toBe(true);

    expect(headers(el)).toEqual([
      "Planner",
      "Scored periods",
      "Overridden",
      "Units sold",
      "Naive WAPE",
      "Statistical WAPE",
      "Planned WAPE",
      "Override value added",
      "Statistical value added",
    ]);
    expect(labels(el)).toEqual(["Priya Shah", "Tom Reed"]);
    expect(cells(el, "Priya Shah")).toEqual(["Priya Shah", "4", "4", "500", "30.0%", "25.0%", "20.0%", "+5.0 pts", "+5.0 pts"]);
    // Tom's overrides made the forecast worse: 18 % planned against 15 % statistical.
    expect(cells(el, "Tom Reed")).toEqual(["Tom Reed", "2", "2", "120", "20.0%", "15.0%", "18.0%", "\u22123.0 pts", "+5.0 pts"]);
    expect(byTestId(el, "fva-notes")?.textContent).toContain("above zero the planners' overrides made the forecast more accurate");

    await until(() => byTestId(el, "fva-chart-stand-in") !== null);
    expect(byTestId(el, "fva-chart")?.contains(byTestId(el, "fva-chart-stand-in"))).toBe(true);
    expect(byTestId(el, "fva-chart-stand-in")?.textContent).toBe("planner: Priya Shah 2, Tom Reed 1");
    expect(byTestId(el, "fva-empty")).toBeNull();
  });

  it("switches to categories with the keyboard-operable radio group", async () => {
    const el = renderForecasts();
    await until(() => all(el, "fva-row").length === 2);
    const planner = byTestId<HTMLInputElement>(el, "fva-by-planner");
    const category = byTestId<HTMLInputElement>(el, "fva-by-category");
    // One native radio group: arrow keys move between the two, as a segmented control should.
    expect([planner?.type, category?.type]).toEqual(["radio", "radio"]);
    expect(planner?.name).toBe(category?.name);

    await click(category);
    await until(() => labels(el).includes("GABA Red"));
    expect(ipc.forecastValueAdded).toHaveBeenLastCalledWith("category");
    expect(category?.checked).toBe(true);
    expect(category?.closest("label")?.className).toBe("is-selected");
    expect(headers(el)[0]).toBe("Category");
    expect(labels(el)).toEqual(["GABA Gold", "GABA Red"]);
    expect(cells(el, "GABA Gold")?.slice(0, 4)).toEqual(["GABA Gold", "10", "0", "900"]);
    await until(() => byTestId(el, "fva-chart-stand-in")?.textContent?.startsWith("category") === true);
  });

  it("exports the fractions as percentages", async () => {
    const el = renderForecasts();
    await until(() => all(el, "fva-row").length === 2);
    await click(byTestId(byTestId(el, "forecast-value-added") as HTMLElement, "table-export-xlsx"));
    await until(() => ipc.exportTable.mock.calls.length === 1);
    const sent = ipc.exportTable.mock.calls[0]?.[0] as { name: string; columns: { header: string; kind: string }[]; rows: unknown[][] };
    expect(sent.name).toBe("forecast-value-added");
    expect(sent.columns.map((c) => c.kind)).toEqual(["text", "integer", "integer", "decimal", "percent", "percent", "percent", "percent", "percent"]);
    expect(sent.rows[1]).toEqual(["Tom Reed", 2, 2, 120, 0.2, 0.15, 0.18, -0.03, 0.05]);
  });

  it("explains what value added is and how it arrives while nothing is scored", async () => {
    ipc.forecastValueAdded.mockImplementation((by: ValueAddedBy) => Promise.resolve(ok(emptyReport(by))));
    const el = renderForecasts();
    await until(() => byTestId(el, "fva-empty") !== null);
    const empty = byTestId(el, "fva-empty")?.textContent ?? "";
    expect(empty).toContain("import the sales of a period that has a forecast");
    expect(empty).toContain("a naive one (the last period carried forward)");
    expect(empty).toContain("By planner, only the periods a planner overrode count.");
    expect(byTestId(el, "fva-table")).toBeNull();
    expect(byTestId(el, "fva-chart")).toBeNull();

    await click(byTestId(el, "fva-by-category"));
    await until(() => ipc.forecastValueAdded.mock.calls.length === 2);
    await until(() => byTestId(el, "fva-empty")?.textContent?.includes("By planner") === false);
  });

  it("words a failure as errors.ts does", async () => {
    ipc.forecastValueAdded.mockResolvedValue({ status: "error", error: { kind: "offline" } });
    const el = renderForecasts();
    await until(() => byTestId(el, "fva-error") !== null);
    expect(byTestId(el, "fva-error")?.getAttribute("data-error-kind")).toBe("offline");
    expect(byTestId(el, "fva-error")?.textContent).toContain("Could not load the forecast value added");
    expect(byTestId(el, "fva-empty")).toBeNull();
  });
});
