import { Suspense, lazy, useMemo, useState } from "react";
import { Link } from "react-router";
import { commands, type Accuracy, type Dashboard, type DashboardQuery } from "../../lib/ipc";
import { overrideVerdict, scoredText } from "../../shared/accuracy";
import { DataTable, type ColumnDef, type SortingFn } from "../../shared/DataTable";
import {
  NO_VALUE,
  compareDecimal,
  formatDate,
  formatMoney,
  formatNumber,
  formatPercent,
  formatPoints,
  formatShare,
} from "../../shared/format";
import { KeepOfflineButton } from "../../shared/keepOffline";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { useTheme } from "../../shared/theme";
import { ErrorBoundary } from "../../shared/ErrorBoundary";
import { EmptyState, ErrorBanner, Loading, Section } from "../../shared/ui";
import { type FilterOptions, Filters, type FilterState, loadFilters, resolvePeriod, saveFilters } from "./Filters";
import { conversionText } from "./conversion";
import { KpiTile } from "./KpiTile";

// The chart library loads in its own chunk: the KPIs and tables never wait for it, and if it
// fails to load or draw, only the chart panel says so.
const TrendChart = lazy(() => import("./TrendChart").then((m) => ({ default: m.TrendChart })));
import type { ChannelRow, MarketRow, ProductRow, ReportingCurrency, StockRisk } from "./types";

const SECTIONS = [
  { id: "dash-kpis", label: "Key figures" },
  { id: "dash-trend", label: "Trend" },
  { id: "dash-markets", label: "Markets" },
  { id: "dash-channels", label: "Channels" },
  { id: "dash-products", label: "Products" },
  { id: "dash-stock", label: "Stock risks" },
  { id: "dash-accuracy", label: "Forecast accuracy" },
];


function optionsFrom(d: Dashboard): FilterOptions {
  return {
    markets: d.byMarket.map((m) => ({ code: m.marketCode, name: m.marketName })),
    channels: d.byChannel.map((c) => ({ id: c.channelId, name: c.channelName, market: c.marketCode })),
  };
}

function pctText(v: string | null, locale: string): string {
  return v == null ? NO_VALUE : formatPercent(v, locale);
}

/** Sorts money columns on the exact decimal strings. */
function byDecimal<T>(get: (row: T) => string | null): SortingFn<T> {
  return (a, b) => compareDecimal(get(a.original), get(b.original));
}

export function DashboardScreen() {
  const { timeZone } = useLocale();
  const { theme } = useTheme();
  const [filters, setFiltersState] = useState<FilterState>(loadFilters);
  const [options, setOptions] = useState<FilterOptions>({ markets: [], channels: [] });
  const setFilters = (next: FilterState) => {
    saveFilters(next);
    setFiltersState(next);
  };

  const period = resolvePeriod(filters, timeZone);
  // An invalid custom range asks nothing: the filters say what is wrong with it.
  const query: DashboardQuery | null =
    typeof period === "string"
      ? null
      : { from: period.from, to: period.to, reportingCurrency: filters.currency, market: filters.market, channelId: filters.channelId };
  const dashboard = useCommandQuery(["dashboard", query], query && (() => commands.getDashboard(query)), "load the dashboard", {
    keepPrevious: true,
  });
  const data = dashboard.data;

  // Offer the markets and channels seen in an unfiltered result; a filtered one has only its
  // own. Updated while rendering the result that brings them (React's "adjust state when a
  // prop changes"), not in an effect, so the filters never render a step behind.
  const [seen, setSeen] = useState<Dashboard | undefined>(undefined);
  if (data !== seen && !dashboard.previous) {
    setSeen(data);
    if (data && !filters.market && !filters.channelId && data.byMarket.length > 0) setOptions(optionsFrom(data));
  }

  const currency = filters.currency;

  return (
    <div className="page dashboard" data-testid="dashboard" aria-busy={dashboard.fetching}>
      <div className="page-header">
        <h1>Dashboard</h1>
        <div className="toolbar-actions">
          <nav className="section-links" aria-label="Dashboard sections">
            {SECTIONS.map((s) => (
              <a
                key={s.id}
                href={`#${s.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  document.getElementById(s.id)?.focus();
                }}
              >
                {s.label}
              </a>
            ))}
          </nav>
          <KeepOfflineButton screen="dashboard" />
        </div>
      </div>
      <Filters value={filters} onChange={setFilters} options={options} />
      {dashboard.error ? (
        <ErrorBanner error={dashboard.error} onRetry={() => void dashboard.refetch()} testId="dashboard-error" />
      ) : null}
      {dashboard.loading ? <Loading label="Loading the dashboard…" /> : null}
      {data ? (
        <DashboardBody data={data} currency={currency} theme={theme} stale={dashboard.fetching} market={filters.market} />
      ) : null}
    </div>
  );
}

function DashboardBody({
  data,
  currency,
  theme,
  stale,
  market,
}: {
  data: Dashboard;
  currency: ReportingCurrency;
  theme: string;
  stale: boolean;
  /** The market filter, for the point-in-time stock tile. */
  market: string | null;
}) {
  const { locale } = useLocale();
  const money = (v: string) => formatMoney(v, currency, locale);
  const k = data.kpis;
  const pct = (v: string | null) => pctText(v, locale);

  const marketColumns = useMemo<ColumnDef<MarketRow, unknown>[]>(
    () => [
      {
        id: "market",
        header: "Market",
        accessorFn: (r) => r.marketName,
        cell: (c) => (
          <>
            {c.row.original.marketName} <span className="muted">{c.row.original.marketCode}</span>
          </>
        ),
      },
      {
        id: "revenueLocal",
        header: "Revenue (market currency)",
        accessorFn: (r) => r.revenueLocal?.amount ?? "",
        sortingFn: byDecimal((r: MarketRow) => r.revenueLocal?.amount ?? null),
        cell: (c) => {
          const local = c.row.original.revenueLocal;
          return local ? formatMoney(local.amount, local.currency, locale) : <span className="muted">Not convertible</span>;
        },
        meta: { numeric: true },
      },
      {
        id: "revenue",
        header: `Revenue (${currency})`,
        accessorFn: (r) => r.revenue,
        sortingFn: byDecimal((r: MarketRow) => r.revenue),
        cell: (c) => formatMoney(c.row.original.revenue, currency, locale),
        meta: { numeric: true },
      },
      {
        id: "units",
        header: "Units",
        accessorFn: (r) => r.units,
        sortingFn: byDecimal((r: MarketRow) => r.units),
        cell: (c) => formatNumber(c.row.original.units, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "grossMargin",
        header: "Gross margin",
        accessorFn: (r) => r.grossMarginPct ?? "",
        sortingFn: byDecimal((r: MarketRow) => r.grossMarginPct),
        cell: (c) => pctText(c.row.original.grossMarginPct, locale),
        meta: { numeric: true },
      },
      {
        id: "netProfit",
        header: `Net profit (${currency})`,
        accessorFn: (r) => r.netProfit,
        sortingFn: byDecimal((r: MarketRow) => r.netProfit),
        cell: (c) => formatMoney(c.row.original.netProfit, currency, locale),
        meta: { numeric: true },
      },
    ],
    [currency, locale],
  );

  const channelColumns = useMemo<ColumnDef<ChannelRow, unknown>[]>(
    () => [
      { id: "channel", header: "Channel", accessorFn: (r) => r.channelName },
      { id: "market", header: "Market", accessorFn: (r) => r.marketCode },
      {
        id: "revenue",
        header: `Revenue (${currency})`,
        accessorFn: (r) => r.revenue,
        sortingFn: byDecimal((r: ChannelRow) => r.revenue),
        cell: (c) => formatMoney(c.row.original.revenue, currency, locale),
        meta: { numeric: true },
      },
      {
        id: "units",
        header: "Units",
        accessorFn: (r) => r.units,
        sortingFn: byDecimal((r: ChannelRow) => r.units),
        cell: (c) => formatNumber(c.row.original.units, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "grossMargin",
        header: "Gross margin",
        accessorFn: (r) => r.grossMarginPct ?? "",
        sortingFn: byDecimal((r: ChannelRow) => r.grossMarginPct),
        cell: (c) => pctText(c.row.original.grossMarginPct, locale),
        meta: { numeric: true },
      },
      {
        id: "netProfit",
        header: `Net profit (${currency})`,
        accessorFn: (r) => r.netProfit,
        sortingFn: byDecimal((r: ChannelRow) => r.netProfit),
        cell: (c) => formatMoney(c.row.original.netProfit, currency, locale),
        meta: { numeric: true },
      },
    ],
    [currency, locale],
  );

  const noSales = data.byMarket.length === 0;

  return (
    <div className={`dashboard-grid${stale ? " is-stale" : ""}`}>
      <Section id="dash-kpis" title="Key figures" className="span-all" testId="dashboard-kpis">
        <div className="kpi-strip">
          <KpiTile
            label={`Revenue (${currency})`}
            testId="kpi-revenue"
            value={money(k.revenue.value)}
            change={k.revenue.changePct}
            changeUnit="percent"
            lastYearText={k.revenue.previousYear == null ? null : money(k.revenue.previousYear)}
          />
          <KpiTile
            label="Units sold"
            testId="kpi-units"
            value={formatNumber(k.units.value, locale)}
            change={k.units.changePct}
            changeUnit="percent"
            lastYearText={k.units.previousYear == null ? null : formatNumber(k.units.previousYear, locale)}
          />
          <KpiTile
            label="Gross margin"
            testId="kpi-gross-margin"
            value={pct(k.grossMargin.pct)}
            change={k.grossMargin.changePoints}
            changeUnit="points"
            lastYearText={k.grossMargin.previousYearPct == null ? null : pct(k.grossMargin.previousYearPct)}
          />
          <KpiTile
            label={`Net profit (${currency})`}
            testId="kpi-net-profit"
            value={money(k.netProfit.value)}
            change={k.netProfit.changePct}
            changeUnit="percent"
            lastYearText={k.netProfit.previousYear == null ? null : money(k.netProfit.previousYear)}
          />
        </div>
        {data.conversion ? (
          <p className="muted conversion-note" data-testid="dashboard-conversion">
            {conversionText(data.conversion, locale)}
          </p>
        ) : null}
        {noSales ? (
          <p className="banner banner-info" data-testid="dashboard-no-sales">
            There are no sales between {formatDate(data.from, locale)} and {formatDate(data.to, locale)}. Choose an
            earlier or longer period above; if this is a new installation, import the sales history first.
          </p>
        ) : null}
      </Section>

      <Section id="dash-trend" title="Revenue trend" className="span-all">
        {noSales || data.trend.length === 0 ? (
          <EmptyState title="No sales in this period to chart.">Pick a longer or earlier period above.</EmptyState>
        ) : (
          <ErrorBoundary
            fallback={() => (
              <EmptyState title="The chart could not be drawn." testId="trend-chart-error">
                The figures above and the tables below are unaffected. Restart Sentia; if the chart stays missing,
                report it to IT.
              </EmptyState>
            )}
          >
            <Suspense fallback={<Loading label="Drawing the chart…" />}>
              <TrendChart
                trend={data.trend}
                bucket={data.trendBucket}
                dataUntil={data.dataUntil}
                currency={currency}
                theme={theme}
              />
            </Suspense>
          </ErrorBoundary>
        )}
      </Section>

      <Section id="dash-markets" title="By market" className="span-all">
        <DataTable
          data={data.byMarket}
          columns={marketColumns}
          caption="Revenue, units, gross margin and net profit by market"
          testId="dashboard-markets"
          exportName="dashboard-markets"
          initialSort={[{ id: "revenue", desc: true }]}
          empty={<EmptyState title="No market has sales in this period." />}
        />
      </Section>

      <Section id="dash-channels" title="By channel" className="span-all">
        <DataTable
          data={data.byChannel}
          columns={channelColumns}
          caption="Revenue, units, gross margin and net profit by sales channel"
          testId="dashboard-channels"
          exportName="dashboard-channels"
          initialSort={[{ id: "revenue", desc: true }]}
          empty={<EmptyState title="No channel has sales in this period." />}
        />
      </Section>

      <Section id="dash-products" title="Products" className="span-all">
        <div className="two-col">
          <ProductList title="Top products" rows={data.topProducts} currency={currency} testId="top-products" />
          <ProductList title="Bottom products" rows={data.bottomProducts} currency={currency} testId="bottom-products" />
        </div>
      </Section>

      <Section id="dash-stock" title="Stock risks" testId="dashboard-stock" actions={<KeepOfflineButton screen="stockRisks" />}>
        <StockRisks market={market} />
      </Section>

      <Section id="dash-accuracy" title="Forecast accuracy">
        {data.forecastAccuracy ? (
          <ForecastAccuracy accuracy={data.forecastAccuracy} />
        ) : (
          <EmptyState title="No forecast accuracy yet." testId="forecast-accuracy-empty">
            Forecasting isn't set up yet — accuracy appears here once forecasts have been run and the actual sales for
            their months have arrived. <Link to="/forecasts">About forecasts</Link>
          </EmptyState>
        )}
      </Section>
    </div>
  );
}

/**
 * The planned forecast's error over the period's scored series-periods, beside the statistical
 * and naive forecasts' errors, and whether the planners' overrides helped.
 */
function ForecastAccuracy({ accuracy }: { accuracy: Accuracy }) {
  const { locale } = useLocale();
  const verdict = overrideVerdict(accuracy);
  return (
    <div className="tile-figure" data-testid="forecast-accuracy">
      <p className="kpi-label">Planned forecast WAPE</p>
      <p className="kpi-value" data-testid="forecast-accuracy-final">
        {formatShare(accuracy.finalWape, locale)}
      </p>
      <p data-testid="forecast-accuracy-compare">
        Statistical {formatShare(accuracy.statisticalWape, locale)} · Naive {formatShare(accuracy.naiveWape, locale)}
      </p>
      <p className={`kpi-change ${verdict.tone}`} data-testid="forecast-accuracy-overrides">
        Overrides: {formatPoints(accuracy.overrideValueAdded, locale)} ({verdict.text})
      </p>
      <p className="muted" data-testid="forecast-accuracy-basis">
        Weighted absolute percentage error, lower is better, over {scoredText(accuracy, locale)}. Overrides in points: the
        statistical error minus the planned one, so above zero they improved accuracy.{" "}
        <Link to="/forecasts">Value added by planner and category</Link>
      </p>
    </div>
  );
}

function ProductList({ title, rows, currency, testId }: { title: string; rows: ProductRow[]; currency: ReportingCurrency; testId: string }) {
  const { locale } = useLocale();
  return (
    <div>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <EmptyState title="No product sales in this period." />
      ) : (
        <table className="data-table compact" data-testid={testId}>
          <caption className="visually-hidden">{title} by revenue</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                Revenue ({currency})
              </th>
              <th scope="col" className="num">
                Units
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.productId}>
                <td>
                  {p.name} <span className="muted">{p.sku}</span>
                </td>
                <td className="num">{formatMoney(p.revenue, currency, locale)}</td>
                <td className="num">{formatNumber(p.units, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const STATUS_LABEL: Record<StockRisk["status"], string> = {
  out: "Out of stock",
  critical: "Critical",
  low: "Reorder now",
  healthy: "Healthy",
  excess: "Excess",
  obsolete: "Obsolete",
};

/** Stock is counted per location at a point in time, so the tile follows the market filter only. */
function StockRisks({ market }: { market: string | null }) {
  const { locale } = useLocale();
  const risks = useCommandQuery(["stock-risks", market], () => commands.getStockRisks(market), "load the stock risks");
  if (risks.error) {
    return <ErrorBanner error={risks.error} onRetry={() => void risks.refetch()} testId="stock-risks-error" />;
  }
  const rows = risks.data;
  if (!rows) return <Loading label="Loading stock risks…" />;
  if (rows.length === 0) {
    return (
      <EmptyState title="No item is at or below its reorder point." testId="stock-risks-empty">
        Items that are out of stock, below safety stock or due for reordering at their latest stock count are listed
        here, most at risk first. <Link to="/inventory">About inventory</Link>
      </EmptyState>
    );
  }
  return (
    <table className="data-table compact" data-testid="stock-risks">
      <caption className="visually-hidden">Items at risk of running out, most at risk first</caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col">Location</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Available
          </th>
          <th scope="col" className="num">
            Inbound
          </th>
          <th scope="col" className="num">
            Reorder point
          </th>
          <th scope="col" className="num">
            Days of cover
          </th>
          <th scope="col" className="num" title="Chance of running out within the lead time">
            Stock-out risk
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.productId}-${r.location}`} data-testid="stock-risk-row">
            <td>
              {r.name} <span className="muted">{r.sku}</span>
            </td>
            <td>{r.location}</td>
            <td title={`Stock count of ${formatDate(r.asOf, locale)}`}>{STATUS_LABEL[r.status]}</td>
            <td className="num">{formatNumber(r.available, locale)}</td>
            <td className="num">{formatNumber(r.inbound, locale)}</td>
            <td className="num">{formatNumber(r.reorderPoint, locale)}</td>
            <td className="num">{r.daysOfCover == null ? NO_VALUE : formatNumber(r.daysOfCover, locale)}</td>
            <td className="num">{formatShare(Number(r.risk), locale, { digits: 0 })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
