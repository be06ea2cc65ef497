import type { Dashboard, DashboardQuery } from "../../lib/ipc";

export type { StockRisk } from "../../lib/ipc";

// Names for the parts of the generated Dashboard type that this feature passes around.
export type ReportingCurrency = DashboardQuery["reportingCurrency"];
export type Kpis = Dashboard["kpis"];
export type MarketRow = Dashboard["byMarket"][number];
export type ChannelRow = Dashboard["byChannel"][number];
export type TrendPoint = Dashboard["trend"][number];
export type TrendBucket = Dashboard["trendBucket"];
export type ProductRow = Dashboard["topProducts"][number];
