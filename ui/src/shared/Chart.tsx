import ReactEChartsCore from "echarts-for-react/esm/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import type { EChartsOption } from "echarts";
import { CanvasRenderer } from "echarts/renderers";
import { useRef, useState } from "react";
import { commands } from "../lib/ipc";
import { describeError } from "./errors";
import { useLocale } from "./locale";
import { hasPermission, useSession } from "./session";
import { Button } from "./ui";

// Register only what we draw: the full echarts bundle is ~1 MB, this subset about a third.
// Interval bands (forecasts) are two stacked line series with an area fill, which LineChart covers.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type { EChartsOption };

/** Reads the theme's CSS variables so charts match light and dark mode. */
export function chartColors() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v("--text", "#1b1f24"),
    muted: v("--text-muted", "#5b6570"),
    grid: v("--border", "#d0d7de"),
    primary: v("--chart-1", "#2563eb"),
    secondary: v("--chart-2", "#9aa4b2"),
    surface: v("--surface", "#ffffff"),
    success: v("--success", "#067647"),
    warning: v("--warning", "#b54708"),
    danger: v("--danger", "#b42318"),
  };
}

/** The theme's chart colours, as `chartColors()` reads them. */
export type ChartColors = ReturnType<typeof chartColors>;

export function Chart({
  option,
  label,
  height = 280,
  exportName,
  theme,
}: {
  option: EChartsOption;
  /** Text alternative for the canvas. */
  label: string;
  height?: number;
  /** What the chart shows, for the exported file's name (`sentia-<name>.png`); no export button when absent. */
  exportName?: string;
  /** Changing it re-renders the chart with the new palette. */
  theme: string;
}) {
  const ref = useRef<ReactEChartsCore>(null);
  const { session, expire } = useSession();
  const localeSettings = useLocale();
  const [exportState, setExportState] = useState<
    { kind: "idle" } | { kind: "busy" } | { kind: "saved"; path: string } | { kind: "failed"; message: string }
  >({ kind: "idle" });
  const canExport = exportName !== undefined && hasPermission(session, "data.export");

  // The webview cannot choose where files go: Rust saves the image in the downloads folder,
  // never over an earlier export, and records the export in the audit log.
  const exportPng = async () => {
    const instance = ref.current?.getEchartsInstance();
    if (!instance || !exportName) return;
    const url = instance.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: chartColors().surface });
    setExportState({ kind: "busy" });
    const res = await commands.exportChartPng({ name: exportName, pngBase64: url.slice(url.indexOf(",") + 1) });
    if (res.status === "ok") {
      setExportState({ kind: "saved", path: res.data.path });
      return;
    }
    const error = describeError(res.error, { ...localeSettings, action: "export the chart" });
    if (error.signedOut) return expire();
    setExportState({ kind: "failed", message: `${error.title}. ${error.message}` });
  };

  return (
    <figure className="chart" aria-label={label}>
      <ReactEChartsCore
        ref={ref}
        key={theme}
        echarts={echarts}
        option={option}
        notMerge
        style={{ height, width: "100%" }}
        opts={{ renderer: "canvas" }}
      />
      {canExport ? (
        <figcaption className="chart-actions">
          {exportState.kind === "saved" ? (
            <span className="muted" role="status" data-testid="chart-export-saved">
              Saved to {exportState.path}
            </span>
          ) : null}
          {exportState.kind === "failed" ? (
            <span className="text-error" role="alert">
              {exportState.message}
            </span>
          ) : null}
          <Button
            variant="ghost"
            onClick={() => void exportPng()}
            busy={exportState.kind === "busy"}
            data-testid="chart-export"
          >
            Export PNG
          </Button>
        </figcaption>
      ) : null}
    </figure>
  );
}
