import { describe, expect, it } from "vitest";
import type { CommandResult, Market, Product, SalesChannel } from "../../lib/ipc";
import { detail, history, point, progress } from "./fixtures.test-data";
import {
  biasText,
  chosenCandidate,
  confidenceText,
  elapsedText,
  horizonText,
  maseText,
  periodLabel,
  seriesId,
  seriesStatus,
  statusLabel,
  unitsText,
  wapeText,
} from "./figures";
import { initialOverrideValue, toOverrideRequest } from "./override";
import { CANCELLED, withCancel } from "../../shared/cancel";
import { NEW_RUN, progressCount, progressFraction, progressText, reconciliationText, scopeSummary, toRunRequest } from "./run";
import { channelOptions, marketOptions, productOptions, toggle } from "./scope";
import {
  type ChartPalette,
  type ChartText,
  SERIES_NAMES,
  chartPeriods,
  componentsChartOption,
  seriesChartOption,
  stockoutSpans,
  tooltipLines,
} from "./seriesChart";
import { stepNotice } from "./workflow";

const L = "en-GB";

describe("the run request", () => {
  it("asks for all series by month, the default horizon and Auto when nothing is chosen", () => {
    expect(toRunRequest(NEW_RUN)).toEqual({
      request: { scope: { products: [], channels: [], categories: [], markets: [] }, bucket: "month", horizon: null, model: null, reconciliation: "bottomUp" },
    });
  });

  it("carries the scope, the bucket, a typed horizon and a named model", () => {
    const form = {
      ...NEW_RUN,
      categories: ["GABA Red"],
      markets: ["UK"],
      channels: ["c-1"],
      products: ["p-1"],
      bucket: "week" as const,
      horizon: " 26 ",
      model: "Theta",
      reconciliation: "mint" as const,
    };
    expect(toRunRequest(form)).toEqual({
      request: {
        scope: { products: ["p-1"], channels: ["c-1"], categories: ["GABA Red"], markets: ["UK"] },
        bucket: "week",
        horizon: 26,
        model: "Theta",
        reconciliation: "mint",
      },
    });
  });

  it("refuses a horizon outside 1–104 or not a whole number", () => {
    for (const horizon of ["0", "105", "2.5", "-3", "twelve"]) {
      expect(toRunRequest({ ...NEW_RUN, horizon })).toEqual({
        horizonError: "Enter a whole number of periods from 1 to 104, or leave it empty for the default.",
      });
    }
    expect(toRunRequest({ ...NEW_RUN, horizon: "104" })).toMatchObject({ request: { horizon: 104 } });
    expect(toRunRequest({ ...NEW_RUN, horizon: "1" })).toMatchObject({ request: { horizon: 1 } });
  });

  it("sums the scope up in a line", () => {
    expect(scopeSummary(NEW_RUN, L)).toBe("All series");
    expect(scopeSummary({ ...NEW_RUN, categories: ["GABA Red", "GABA Gold"], markets: ["UK"], channels: ["a", "b"], products: ["p"] }, L)).toBe(
      "GABA Red, GABA Gold · UK · 2 channels · 1 product",
    );
  });
});

describe("the scope pickers", () => {
  const market = (code: string, active = true) => ({ id: code, fields: { code, name: `Market ${code}`, active } }) as unknown as Market;
  const channel = (id: string, market: string, active = true) => ({ id, fields: { name: `Shop ${id}`, market, active } }) as unknown as SalesChannel;
  const product = (id: string, category: string, market: string, active = true) =>
    ({ id, fields: { sku: id.toUpperCase(), name: `Product ${id}`, category, market, active } }) as unknown as Product;

  it("offer active markets, and an inactive one only while it is chosen", () => {
    const markets = [market("UK"), market("EU"), market("USA", false)];
    expect(marketOptions(markets, []).map((o) => o.value)).toEqual(["EU", "UK"]);
    expect(marketOptions(markets, ["USA"]).map((o) => o.label)).toContain("USA — Market USA");
  });

  it("narrow channels to the chosen markets, keeping the chosen ones", () => {
    const channels = [channel("a", "UK"), channel("b", "EU"), channel("c", "UK", false)];
    expect(channelOptions(channels, { markets: [], channels: [] }).map((o) => o.value)).toEqual(["a", "b"]);
    expect(channelOptions(channels, { markets: ["EU"], channels: [] }).map((o) => o.value)).toEqual(["b"]);
    expect(channelOptions(channels, { markets: ["EU"], channels: ["a"] }).map((o) => o.value)).toEqual(["a", "b"]);
  });

  it("narrow products to the chosen categories and markets", () => {
    const products = [product("r1", "GABA Red", "UK"), product("g1", "GABA Gold", "EU"), product("r2", "GABA Red", "EU")];
    expect(productOptions(products, { categories: ["GABA Red"], markets: [], products: [] }).map((o) => o.value)).toEqual(["r1", "r2"]);
    expect(productOptions(products, { categories: ["GABA Red"], markets: ["EU"], products: [] }).map((o) => o.value)).toEqual(["r2"]);
    expect(productOptions(products, { categories: [], markets: [], products: [] })[0]?.label).toBe("G1 — Product g1");
  });

  it("toggle a value in and out once", () => {
    expect(toggle(["a"], "b", true)).toEqual(["a", "b"]);
    expect(toggle(["a", "b"], "b", true)).toEqual(["a", "b"]);
    expect(toggle(["a", "b"], "a", false)).toEqual(["b"]);
  });
});

describe("a run's progress", () => {
  it("counts series done out of the total, with the stage", () => {
    expect(progressText(progress(), L)).toBe("Forecasting: 3 / 10 series");
    expect(progressCount(progress({ done: 1200, total: 2400 }), L)).toBe("1,200 / 2,400 series");
    expect(progressFraction(progress())).toBeCloseTo(0.3);
  });

  it("counts the totals done while a MinT run forecasts them", () => {
    const reconciling = progress({ stage: "reconciling", done: 256, total: 1024, current: "category GABA Red" });
    expect(progressText(reconciling, L)).toBe("Forecasting the totals and reconciling them with the series: 256 / 1,024 totals");
    expect(progressFraction(reconciling)).toBeCloseTo(0.25);
    expect(reconciliationText("mint")).toBe("MinT");
    expect(reconciliationText(undefined)).toBe("Bottom-up");
  });

  it("has no count or fill while the history is read", () => {
    const reading = progress({ stage: "reading", done: 0, total: 0, current: null });
    expect(progressText(reading, L)).toBe("Reading the sales history");
    expect(progressCount(reading, L)).toBeNull();
    expect(progressFraction(reading)).toBeNull();
  });

  it("says the forecasts are being written at the end", () => {
    expect(progressText(progress({ stage: "writing", done: 10 }), L)).toBe("Writing the forecasts: 10 / 10 series");
    expect(progressFraction(progress({ stage: "writing", done: 10 }))).toBe(1);
  });

  it("tells a cancelled run from a failed one", async () => {
    const cancelled: CommandResult<number> = { status: "error", error: { kind: "cancelled" } };
    expect(await withCancel(Promise.resolve(cancelled))).toEqual({ status: "ok", data: CANCELLED });
    const failed: CommandResult<number> = { status: "error", error: { kind: "internal", reference: "r-1" } };
    expect(await withCancel(Promise.resolve(failed))).toEqual(failed);
    expect(await withCancel(Promise.resolve({ status: "ok", data: 3 } as CommandResult<number>))).toEqual({ status: "ok", data: 3 });
  });
});

describe("forecast figures", () => {
  it("word accuracy scores as the tiles show them", () => {
    expect(confidenceText(0.8, L)).toBe("0.80");
    expect(wapeText(12.46, L)).toBe("12.5%");
    expect(biasText(-1.26, L)).toBe("-1.3");
    expect(biasText(3, L)).toBe("+3");
    expect(biasText(-0.04, L)).toBe("0");
    expect(confidenceText(null, L)).toBe("—");
    expect(maseText(1, L)).toBe("1.00");
    expect(unitsText(1234.44, L)).toBe("1,234.4");
    expect(unitsText(Number.NaN, L)).toBe("—");
  });

  it("word periods, horizons and run times", () => {
    expect(periodLabel("2026-12-01", "month", L)).toBe("Dec 2026");
    expect(periodLabel("2026-11-30", "week", L)).toBe("Week of 30 Nov 2026");
    expect(periodLabel("2026-11-30", "week", L, "axis")).toBe("30 Nov 2026");
    expect(horizonText("month", 12, L)).toBe("12 months");
    expect(horizonText("week", 1, L)).toBe("1 week");
    expect(elapsedText(850, L)).toBe("850 ms");
    expect(elapsedText(3240, L)).toBe("3.2 s");
    expect(elapsedText(125_000, L)).toBe("2 min 05 s");
  });

  it("give a series the status its periods share, or mixed", () => {
    expect(seriesStatus([{ status: "submitted" }, { status: "submitted" }])).toBe("submitted");
    expect(seriesStatus([{ status: "approved" }, { status: "draft" }])).toBe("mixed");
    expect(statusLabel("superseded")).toBe("Superseded");
    expect(statusLabel("onHold")).toBe("On hold");
  });

  it("find the candidate in use by its model, else by its kind", () => {
    const candidates = [
      { kind: "Theta", model: "Theta" },
      { kind: "AutoETS", model: "ETS(A,N,A)" },
    ];
    expect(chosenCandidate(candidates, "ETS(A,N,A)", "ETS")).toBe(1);
    expect(chosenCandidate(candidates, "Theta(θ=2)", "Theta")).toBe(0);
    expect(chosenCandidate(candidates, "Naive", "Naive")).toBe(-1);
  });

  it("name a series by its product and channel", () => {
    expect(seriesId({ productId: "p", channelId: "c" })).toBe("p:c");
  });
});

describe("an override", () => {
  const draft = { id: "f-1", status: "draft" };

  it("needs whole units of 0 or more and a reason", () => {
    expect(toOverrideRequest(draft, { value: "", reason: "" })).toEqual({
      errors: { value: "Enter the units for this period.", reason: "Say why, e.g. “promotion planned” or “listing paused”." },
    });
    expect(toOverrideRequest(draft, { value: "12.5", reason: "x" })).toEqual({ errors: { value: "Enter a whole number of units, 0 or more." } });
    expect(toOverrideRequest(draft, { value: "-4", reason: "x" })).toEqual({ errors: { value: "Enter a whole number of units, 0 or more." } });
    expect(toOverrideRequest(draft, { value: " 0 ", reason: "  listing paused " })).toEqual({
      request: { forecastId: "f-1", value: 0, reason: "listing paused", seenStatus: "draft" },
    });
  });

  it("names the status the planner saw, so a change that waited is refused once the period moved on", () => {
    const built = toOverrideRequest({ id: "f-9", status: "rejected" }, { value: "40", reason: "relisted" });
    expect(built).toEqual({ request: { forecastId: "f-9", value: 40, reason: "relisted", seenStatus: "rejected" } });
  });

  it("starts from the period's value in whole units", () => {
    expect(initialOverrideValue(119.6)).toBe("120");
    expect(initialOverrideValue(-0.2)).toBe("0");
    expect(initialOverrideValue(null)).toBe("");
  });
});

describe("workflow notices", () => {
  it("say what a step did, or that it changed nothing", () => {
    expect(stepNotice("approve", 3, 36, L)).toBe("Approved: 3 series (36 forecast periods).");
    expect(stepNotice("submit", 1, 1, L)).toBe("Submitted for approval: 1 series (1 forecast period).");
    expect(stepNotice("reject", 2, 0, L)).toBe("Nothing changed: the chosen series had no forecasts to send back.");
  });
});

describe("the series chart", () => {
  const palette: ChartPalette = {
    text: "#000",
    muted: "#555",
    grid: "#ddd",
    primary: "#00f",
    secondary: "#999",
    surface: "#fff",
    warning: "#f80",
    danger: "#f00",
    success: "#0a0",
  };
  const text: ChartText = { period: (p) => periodLabel(p, "month", L, "axis"), units: (v) => unitsText(v, L) };
  const option = seriesChartOption(detail(), palette, text);
  type Series = {
    name: string;
    type: string;
    data: (number | null)[];
    stack?: string;
    areaStyle?: unknown;
    label?: { show?: boolean; formatter?: unknown };
    itemStyle?: { borderType?: string; color?: string };
    symbol?: string;
    markArea?: { data: { xAxis: string; name?: string }[][] };
    markPoint?: { data: { coord: [string, number]; value: number }[] };
    markLine?: { data: { xAxis: string }[] };
  };
  const series = option.series as Series[];
  const named = (name: string) => {
    const found = series.find((s) => s.name === name);
    if (!found) throw new Error(`no series ${name}`);
    return found;
  };

  it("puts the history and the horizon on one time axis", () => {
    const periods = ["2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01", "2027-01-01"];
    expect(chartPeriods(detail())).toEqual(periods);
    expect((option.xAxis as { data: string[] }).data).toEqual(periods);
  });

  it("draws the partial period apart from the sales, dashed and labelled", () => {
    expect(named(SERIES_NAMES.sold).data).toEqual([100, 60, 110, null, null, null]);
    const partial = named(SERIES_NAMES.partial);
    expect(partial.data).toEqual([null, null, null, 40, null, null]);
    expect(partial.itemStyle?.borderType).toBe("dashed");
    expect(partial.label).toMatchObject({ show: true, formatter: "partial" });
  });

  it("shades stock-out periods and pins the demand the engine learnt from", () => {
    const sold = named(SERIES_NAMES.sold);
    expect(sold.markArea?.data).toEqual([[{ name: "stock-out", xAxis: "2026-09-01" }, { xAxis: "2026-09-01" }]]);
    expect(sold.markPoint?.data).toMatchObject([{ coord: ["2026-09-01", 95], value: 95 }]);
  });

  it("stacks each interval as a band on its lower edge", () => {
    const lower95 = named(`${SERIES_NAMES.band95} (lower)`);
    const band95 = named(SERIES_NAMES.band95);
    expect(lower95.stack).toBe(band95.stack);
    expect(lower95.data).toEqual([null, null, null, null, 100, 130]);
    expect(band95.data).toEqual([null, null, null, null, 40, 40]);
    expect(band95.areaStyle).toBeDefined();
    expect(named(SERIES_NAMES.band80).data).toEqual([null, null, null, null, 20, 20]);
    expect(named(SERIES_NAMES.band80).stack).not.toBe(band95.stack);
    // The lower edges are scaffolding: the legend lists the bands only.
    const legend = (option.legend as { data: (string | { name: string })[] }).data.map((d) => (typeof d === "string" ? d : d.name));
    expect(legend).toContain(SERIES_NAMES.band95);
    expect(legend).not.toContain(`${SERIES_NAMES.band95} (lower)`);
  });

  it("keeps the statistical line and shows overrides as their own points", () => {
    expect(named(SERIES_NAMES.statistical).data).toEqual([null, null, null, null, 120, 110]);
    const override = named(SERIES_NAMES.override);
    expect(override.data).toEqual([null, null, null, null, null, 150]);
    expect(override.symbol).toBe("diamond");
    expect(override.itemStyle?.color).not.toBe(named(SERIES_NAMES.statistical).itemStyle?.color);
    expect(named(SERIES_NAMES.statistical).markLine?.data).toEqual([{ xAxis: "2026-12-01" }]);
  });

  it("shades stock-outs in a row as one span", () => {
    const runs = detail({
      history: [
        history("2026-06-01", 10, { stockoutDays: 3 }),
        history("2026-07-01", 10, { stockoutDays: 31 }),
        history("2026-08-01", 10),
        history("2026-09-01", 10, { stockoutDays: 2 }),
      ],
    });
    expect(stockoutSpans(runs)).toEqual([
      { from: "2026-06-01", to: "2026-07-01" },
      { from: "2026-09-01", to: "2026-09-01" },
    ]);
  });

  it("draws the backtest predictions over the actual sales", () => {
    expect(named(SERIES_NAMES.backtest).data).toEqual([null, 98, 104, null, null, null]);
  });

  it("zooms, and words every value in the tooltip", () => {
    expect((option.dataZoom as { type: string }[]).map((z) => z.type)).toEqual(["inside", "slider"]);
    expect(tooltipLines(detail(), "2026-09-01", text)).toEqual([
      text.period("2026-09-01"),
      "Units sold: 60",
      "Stock-out 9 days: learnt from demand 95",
      "Backtest prediction: 98",
    ]);
    expect(tooltipLines(detail(), "2026-11-01", text)).toEqual([text.period("2026-11-01"), "Units sold: 40 (partial: not used to fit)"]);
    expect(tooltipLines(detail(), "2027-01-01", text)).toEqual([
      text.period("2027-01-01"),
      "Override: 150",
      "Statistical forecast: 110",
      "80%: 140 – 160",
      "95%: 130 – 170",
    ]);
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(formatter([{ axisValue: "2026-12-01", dataIndex: 4 }])).toBe("Dec 2026\nForecast: 120\n80%: 110 – 130\n95%: 100 – 140");
  });

  it("draws the units sold in complete forecast periods apart from the history, and names them once there are some", () => {
    const legendOf = (o: typeof option) => (o.legend as { data: (string | { name: string })[] }).data.map((d) => (typeof d === "string" ? d : d.name));
    expect(named(SERIES_NAMES.actual).data).toEqual([null, null, null, null, null, null]);
    expect(legendOf(option)).not.toContain(SERIES_NAMES.actual);

    const scored = detail({ forecast: [point("2026-12-01", 120, { actual: 131 }), point("2027-01-01", 150, { statistical: 110 })] });
    const withActuals = seriesChartOption(scored, palette, text);
    const actual = (withActuals.series as Series[]).find((s) => s.name === SERIES_NAMES.actual);
    expect(actual?.data).toEqual([null, null, null, null, 131, null]);
    expect(actual?.type).toBe("line");
    // Not a bar like the history's sales, and not the model's or the overrides' marker.
    expect(actual?.symbol).not.toBe(named(SERIES_NAMES.statistical).symbol);
    expect(actual?.symbol).not.toBe(named(SERIES_NAMES.override).symbol);
    expect(legendOf(withActuals)).toContain(SERIES_NAMES.actual);
    expect(tooltipLines(scored, "2026-12-01", text)).toEqual([
      text.period("2026-12-01"),
      "Forecast: 120",
      "80%: 110 – 130",
      "95%: 100 – 140",
      "Actual (units sold): 131",
    ]);
  });

  it("marks nothing for a series without stock-outs or a partial period", () => {
    const plain = seriesChartOption(detail({ history: [history("2026-10-01", 10)], backtest: [], forecast: [point("2026-11-01", 12)] }), palette, text);
    const all = plain.series as Series[];
    expect(all.find((s) => s.name === SERIES_NAMES.sold)?.markArea?.data).toEqual([]);
    expect(all.find((s) => s.name === SERIES_NAMES.partial)?.data).toEqual([null, null]);
    expect(all.find((s) => s.name === SERIES_NAMES.override)?.data).toEqual([null, null]);
  });

  it("draws trend and seasonal parts over the history and the horizon", () => {
    const components = componentsChartOption(detail().components, "2026-12-01", palette, text);
    const lines = components.series as Series[];
    expect(lines.map((s) => [s.name, s.data])).toEqual([
      [SERIES_NAMES.trend, [100, 104]],
      [SERIES_NAMES.seasonal, [0, 6]],
    ]);
  });
});
