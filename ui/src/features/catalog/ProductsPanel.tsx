import { useMemo, useState } from "react";
import { type Product, commands } from "../../lib/ipc";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { formatMoney, formatNumber, formatPercent, shiftDecimal } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { hasPermission, useSession } from "../../shared/session";
import { Button, ErrorBanner, Loading, SelectField } from "../../shared/ui";
import { ALL_PRODUCTS, type ProductFilter, filterProducts, isFiltered } from "./filters";
import { CATEGORY_LABELS, choices } from "./options";
import { ActiveTag, ListEmpty, OpenButton, SearchBox, StatusSelect, TableHint, byDecimal } from "./parts";
import { ProductDialog } from "./ProductDialog";

type Open = { kind: "none" } | { kind: "new" } | { kind: "row"; row: Product };

export function ProductsPanel() {
  const { session } = useSession();
  const { locale } = useLocale();
  const canManage = hasPermission(session, "catalog.manage");
  const products = useCommandQuery(["catalog", "products"], commands.listProducts, "load the products");
  // The market filter and the form's picker; the same data as the Markets tab.
  const markets = useCommandQuery(["catalog", "markets"], commands.listMarkets, "load the markets");
  const [filter, setFilter] = useState<ProductFilter>(ALL_PRODUCTS);
  const [open, setOpen] = useState<Open>({ kind: "none" });
  const [notice, setNotice] = useState<string | null>(null);

  const rows = useMemo(() => filterProducts(products.data ?? [], filter), [products.data, filter]);
  const marketCodes = useMemo(() => {
    const codes = new Set([...(markets.data ?? []).map((m) => m.fields.code), ...(products.data ?? []).map((p) => p.fields.market)]);
    return [...codes].sort();
  }, [markets.data, products.data]);

  const columns = useMemo<ColumnDef<Product, unknown>[]>(() => {
    const money = (amount: string, p: Product) => formatMoney(amount, p.currency, locale);
    return [
      {
        id: "sku",
        header: "SKU",
        accessorFn: (p) => p.fields.sku,
        cell: (c) => <span className="mono">{c.row.original.fields.sku}</span>,
        enableHiding: false,
      },
      { id: "name", header: "Name", accessorFn: (p) => p.fields.name },
      { id: "category", header: "Product line", accessorFn: (p) => p.fields.category },
      { id: "market", header: "Market", accessorFn: (p) => p.fields.market },
      {
        id: "cost",
        header: "Unit cost",
        accessorFn: (p) => p.fields.unitCost,
        sortingFn: byDecimal((p: Product) => p.fields.unitCost),
        cell: (c) => money(c.row.original.fields.unitCost, c.row.original),
        meta: { numeric: true },
      },
      {
        id: "price",
        header: "Selling price",
        accessorFn: (p) => p.fields.sellingPrice,
        sortingFn: byDecimal((p: Product) => p.fields.sellingPrice),
        cell: (c) => (
          <span data-testid={`catalog-price-${c.row.original.fields.sku}`}>{money(c.row.original.fields.sellingPrice, c.row.original)}</span>
        ),
        meta: { numeric: true },
      },
      {
        id: "margin",
        header: "Unit margin",
        accessorFn: (p) => p.unitMargin,
        sortingFn: byDecimal((p: Product) => p.unitMargin),
        cell: (c) => (
          <span data-testid={`catalog-margin-${c.row.original.fields.sku}`}>{money(c.row.original.unitMargin, c.row.original)}</span>
        ),
        meta: { numeric: true },
      },
      {
        id: "marginPct",
        header: "Margin %",
        accessorFn: (p) => p.marginPct,
        sortingFn: byDecimal((p: Product) => p.marginPct),
        cell: (c) => formatPercent(shiftDecimal(c.row.original.marginPct, 2), locale, { digits: 1 }),
        meta: { numeric: true, exportKind: "percent" },
      },
      {
        id: "leadTime",
        header: "Lead time (days)",
        accessorFn: (p) => p.fields.leadTimeDays,
        cell: (c) => formatNumber(c.row.original.fields.leadTimeDays, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "active",
        header: "Status",
        accessorFn: (p) => (p.fields.active ? 0 : 1),
        cell: (c) => <ActiveTag active={c.row.original.fields.active} />,
        meta: { exportValue: (p) => (p.fields.active ? "Active" : "Inactive") },
      },
      {
        id: "actions",
        header: () => <span className="visually-hidden">Actions</span>,
        enableSorting: false,
        enableHiding: false,
        cell: (c) => (
          <OpenButton canManage={canManage} name={c.row.original.fields.sku} onOpen={() => setOpen({ kind: "row", row: c.row.original })} />
        ),
      },
    ];
  }, [locale, canManage]);

  const done = async (message: string) => {
    setOpen({ kind: "none" });
    await products.refetch();
    setNotice(message);
  };

  return (
    <section aria-labelledby="catalog-products-heading">
      <div className="toolbar">
        <h2 id="catalog-products-heading">Products</h2>
        {canManage ? (
          <Button variant="primary" onClick={() => setOpen({ kind: "new" })} data-testid="catalog-new-product">
            New product
          </Button>
        ) : (
          <span className="muted">Read-only: your role can view the catalog but not change it.</span>
        )}
      </div>
      <div className="filters catalog-filters" role="group" aria-label="Product filters">
        <SearchBox value={filter.search} onChange={(search) => setFilter({ ...filter, search })} placeholder="SKU, name, line or market" />
        <SelectField label="Market" value={filter.market} onChange={(e) => setFilter({ ...filter, market: e.target.value })} data-testid="catalog-filter-market">
          <option value="">All markets</option>
          {marketCodes.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Product line"
          value={filter.category}
          onChange={(e) => setFilter({ ...filter, category: e.target.value as ProductFilter["category"] })}
          data-testid="catalog-filter-category"
        >
          <option value="">All lines</option>
          {choices(CATEGORY_LABELS).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
        <StatusSelect value={filter.status} onChange={(status) => setFilter({ ...filter, status })} />
      </div>
      {products.error ? <ErrorBanner error={products.error} onRetry={() => void products.refetch()} testId="catalog-load-error" /> : null}
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="catalog-notice">
          {notice}
        </p>
      ) : null}
      {products.loading ? <Loading label="Loading products…" /> : null}
      {products.data ? (
        <>
          {rows.length > 0 ? <TableHint canManage={canManage} /> : null}
          <DataTable
            data={rows}
            columns={columns}
            caption="Products"
            testId="catalog-products"
            getRowId={(p) => p.id}
            rowTestId={(p) => `catalog-row-${p.fields.sku}`}
            onRowOpen={(p) => setOpen({ kind: "row", row: p })}
            columnChoice
            initialHidden={["leadTime"]}
            exportName="products"
            empty={
              <ListEmpty
                filtered={isFiltered(filter, ALL_PRODUCTS)}
                plural="products"
                newLabel="New product"
                canManage={canManage}
                onClear={() => setFilter(ALL_PRODUCTS)}
              />
            }
          />
        </>
      ) : null}
      {open.kind !== "none" ? (
        <ProductDialog
          key={open.kind === "row" ? open.row.id : "new"}
          row={open.kind === "row" ? open.row : null}
          latest={open.kind === "row" ? products.data?.find((p) => p.id === open.row.id) : undefined}
          markets={markets.data}
          canManage={canManage}
          refetch={products.refetch}
          onClose={() => setOpen({ kind: "none" })}
          onDone={(message) => void done(message)}
        />
      ) : null}
    </section>
  );
}
