import { lazy, useMemo, useState } from "react";
import { type ProductCash, type ProductsCash, commands } from "../../lib/ipc";
import { ChartBox } from "../../shared/ChartBox";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { NO_VALUE, compareDecimal, formatPercent, shiftDecimal } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { useTheme } from "../../shared/theme";
import { EmptyState, ErrorBanner, Loading, SelectField } from "../../shared/ui";
import type { ChartText } from "./charts";
import { decimalColumn, periodColumn } from "./columns";
import { type AppliedDrivers, type Controls, cashRequest, productsKey } from "./drivers";
import { loadCharts } from "./loadCharts";
import { type Granularity, granularityOf, periodKey } from "./periods";
import { type ProductPeriod, productKey, productMarkets, productPeriods, productsIn } from "./products";
import { useCashText } from "./useCashText";

const ProductChart = lazy(() => loadCharts().then((m) => ({ default: m.ProductChart })));

/**
 * The projection product by product: each product's units, revenue, COGS and gross margin over
 * the projection, best sellers first, filtered by market; a product chosen shows its revenue
 * and COGS period by period. Worked out only while shown: it can be large.
 */
export function ProductsView({ controls, applied }: { controls: Controls; applied: AppliedDrivers }) {
  // The projection on screen, without the simulation, which does not change what is sold.
  const request = cashRequest(controls, applied, controls.scenario, false);
  const loaded = useCommandQuery(productsKey(request), () => commands.cashByProduct(request), "work out the products' figures", {
    keepPrevious: true,
  });
  const data = loaded.data;
  const text = useCashText(data?.currency ?? "", granularityOf(data?.granularity));
  return (
    <section aria-labelledby="wc-products-heading" aria-busy={loaded.fetching || undefined} data-testid="wc-products">
      <h2 id="wc-products-heading">Products</h2>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={() => void loaded.refetch()} testId="wc-products-error" /> : null}
      {loaded.loading ? <Loading label="Working out the products' figures…" /> : null}
      {data ? (
        <div className={`wc-body${loaded.previous ? " is-stale" : ""}`}>
          <ProductsFigures products={data} scenario={controls.scenario} text={text} />
        </div>
      ) : null}
    </section>
  );
}

function ProductsFigures({ products: data, scenario, text }: { products: ProductsCash; scenario: string; text: ChartText }) {
  const { locale } = useLocale();
  const { theme } = useTheme();
  const granularity = granularityOf(data.granularity);
  const markets = useMemo(() => productMarkets(data.products), [data.products]);
  const [market, setMarket] = useState("");
  // A market no longer projected shows every product again.
  const shownMarket = markets.includes(market) ? market : "";
  const shown = useMemo(() => productsIn(data.products, shownMarket), [data.products, shownMarket]);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  // Only a product the filter shows stays chosen.
  const selected = shown.find((p) => productKey(p) === selectedKey) ?? null;

  const columns = useMemo<ColumnDef<ProductCash, unknown>[]>(
    () => [
      { id: "sku", header: "SKU", accessorFn: (p) => p.sku, enableHiding: false },
      { id: "name", header: "Name", accessorFn: (p) => p.name },
      { id: "market", header: "Market", accessorFn: (p) => p.market },
      decimalColumn<ProductCash>("units", "Units", (p) => p.totalUnits, text.units),
      decimalColumn<ProductCash>("revenue", "Revenue", (p) => p.totalRevenue, text.money),
      decimalColumn<ProductCash>("cogs", "COGS", (p) => p.totalCogs, text.money),
      decimalColumn<ProductCash>("receipts", "Receipts", (p) => p.totalReceipts, text.money),
      {
        id: "grossMargin",
        header: "Gross margin",
        // A share, as percent columns export.
        accessorFn: (p) => p.grossMargin ?? "",
        sortingFn: (a, b) => compareDecimal(a.original.grossMargin, b.original.grossMargin),
        cell: (c) => {
          const margin = c.row.original.grossMargin;
          return margin === null ? NO_VALUE : formatPercent(shiftDecimal(margin, 2), locale);
        },
        meta: { numeric: true, exportKind: "percent" },
      },
    ],
    [locale, text],
  );

  if (data.products.length === 0) {
    return (
      <EmptyState title="No product is projected." testId="wc-products-empty">
        A product is projected once it is sold on an active channel and has a forecast or last year's sales in these {text.unit}s.
      </EmptyState>
    );
  }
  return (
    <>
      <p className="muted">
        Each product over the projection, best sellers first, in {data.currency}: revenue after channel commission and fees, and the cost
        of the goods sold. Choose a product (click it, or press Enter on it) to see it {text.unit} by {text.unit}.
      </p>
      <div className="filters">
        <SelectField label="Market" value={shownMarket} onChange={(e) => setMarket(e.target.value)} data-testid="wc-products-market">
          <option value="">All markets</option>
          {markets.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </SelectField>
      </div>
      <DataTable
        data={shown}
        columns={columns}
        caption={`Each product's units, revenue, COGS and gross margin over the projection under the ${scenario} scenario${
          shownMarket ? ` in ${shownMarket}` : ""
        }, best sellers first`}
        testId="wc-products-table"
        getRowId={productKey}
        onRowOpen={(p) => setSelectedKey(productKey(p))}
        rowTestId={() => "wc-product-row"}
        rowAttributes={(p) => ({
          "data-sku": p.sku,
          "data-market": p.market,
          "data-selected": productKey(p) === selectedKey ? "true" : "false",
        })}
        exportName={`cash by product ${scenario}${shownMarket ? ` ${shownMarket}` : ""}`}
        empty={<EmptyState title="No product is sold in this market." testId="wc-products-none" />}
      />
      {selected ? (
        <ProductDetail product={selected} periods={data.periods} granularity={granularity} scenario={scenario} text={text} theme={theme} />
      ) : (
        <p className="muted" data-testid="wc-product-hint">
          Choose a product above to see its revenue and COGS per {text.unit}.
        </p>
      )}
    </>
  );
}

function ProductDetail({
  product: p,
  periods,
  granularity,
  scenario,
  text,
  theme,
}: {
  product: ProductCash;
  periods: string[];
  granularity: Granularity;
  scenario: string;
  text: ChartText;
  theme: string;
}) {
  const { locale } = useLocale();
  const rows = useMemo(() => productPeriods(periods, p), [periods, p]);
  const columns = useMemo<ColumnDef<ProductPeriod, unknown>[]>(
    () => [
      periodColumn<ProductPeriod>(locale, granularity),
      decimalColumn<ProductPeriod>("units", "Units", (r) => r.units, text.units),
      decimalColumn<ProductPeriod>("revenue", "Revenue", (r) => r.revenue, text.money),
      decimalColumn<ProductPeriod>("cogs", "COGS", (r) => r.cogs, text.money),
      decimalColumn<ProductPeriod>("grossProfit", "Gross profit", (r) => r.grossProfit, text.money),
      decimalColumn<ProductPeriod>("receipts", "Receipts", (r) => r.receipts, text.money),
    ],
    [locale, granularity, text],
  );
  const headingId = `wc-product-${p.productId}-heading`;
  return (
    <section className="wc-product-detail" aria-labelledby={headingId} data-testid="wc-product-detail" data-sku={p.sku} data-market={p.market}>
      <h3 id={headingId}>
        {p.sku} · {p.name} · {p.market}
      </h3>
      <ChartBox testId="wc-product-chart" unaffected="The table below lists the same figures.">
        <ProductChart periods={periods} product={p} text={text} theme={theme} />
      </ChartBox>
      <DataTable
        data={rows}
        columns={columns}
        caption={`${p.sku} ${p.name} in ${p.market} ${text.unit} by ${text.unit} under the ${scenario} scenario: units, revenue, COGS and gross profit`}
        testId="wc-product-periods"
        getRowId={(r) => r.month}
        rowTestId={(r) => `wc-product-period-${periodKey(r.month, granularity)}`}
        exportName={`cash by product ${p.sku} ${p.market} ${scenario}`}
        empty={<EmptyState title="No periods projected." />}
      />
    </section>
  );
}
