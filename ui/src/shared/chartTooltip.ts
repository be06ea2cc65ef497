// The axis tooltip every chart shares, as an ECharts option. Pure, so the wording it shows is
// tested without a canvas.

import type { EChartsOption } from "echarts";

/** The colours a tooltip is drawn in (the theme's, from `chartColors()`). */
export interface TooltipColors {
  text: string;
  grid: string;
  surface: string;
}

/** The category (a period, a week) an axis tooltip is about. */
function axisCategory(params: unknown): string | null {
  const first = Array.isArray(params) ? (params[0] as unknown) : params;
  const value = (first as { axisValue?: unknown; name?: unknown } | undefined)?.axisValue ?? (first as { name?: unknown } | undefined)?.name;
  return typeof value === "string" ? value : null;
}

/** An axis tooltip that words one category in `lines`, drawn on the canvas. */
export function axisTooltip(colors: TooltipColors, lines: (category: string) => string[]): EChartsOption["tooltip"] {
  return {
    trigger: "axis",
    // Drawn on the canvas rather than as HTML, so the strict CSP needs no inline styles.
    renderMode: "richText",
    backgroundColor: colors.surface,
    borderColor: colors.grid,
    textStyle: { color: colors.text },
    formatter: (params: unknown) => {
      const category = axisCategory(params);
      return category ? lines(category).join("\n") : "";
    },
  };
}
