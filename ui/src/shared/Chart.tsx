import ReactEChartsCore from "echarts-for-react/esm/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import type { EChartsOption } from "echarts";
import { CanvasRenderer } from "echarts/renderers";
import { useRef } from "react";
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
  };
}

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
  /** File name for the PNG export; no export button when absent. */
  exportName?: string;
  /** Changing it re-renders the chart with the new palette. */
  theme: string;
}) {
  const ref = useRef<ReactEChartsCore>(null);

  const exportPng = () => {
    const instance = ref.current?.getEchartsInstance();
    if (!instance) return;
    const url = instance.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: chartColors().surface });
    const a = document.createElement("a");
    a.href = url;
    a.download = `${exportName ?? "chart"}.png`;
    a.click();
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
      {exportName ? (
        <figcaption className="chart-actions">
          <Button variant="ghost" onClick={exportPng}>
            Export PNG
          </Button>
        </figcaption>
      ) : null}
    </figure>
  );
}
