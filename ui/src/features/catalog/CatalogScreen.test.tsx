// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Permission } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import { CatalogScreen } from "./CatalogScreen";
import { channel, fxRate, market, product } from "./fixtures.test-data";

const ipc = vi.hoisted(() => ({
  listProducts: vi.fn(),
  listMarkets: vi.fn(),
  listChannels: vi.fn(),
  createProduct: vi.fn(),
  updateProduct: vi.fn(),
  createMarket: vi.fn(),
  updateMarket: vi.fn(),
  createChannel: vi.fn(),
  updateChannel: vi.fn(),
  deleteCatalogRow: vi.fn(),
  setChannelCredentials: vi.fn(),
  listFxRates: vi.fn(),
  createFxRate: vi.fn(),
  updateFxRate: vi.fn(),
  importFxRatesCsv: vi.fn(),
}));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));
// The chart library draws on a canvas, which the test DOM has not got: a stand-in shows what it was given.
vi.mock("./FxChart", () => ({
  FxChart: ({ points }: { points: { date: string; rate: string }[] }) => (
    <p data-testid="fx-chart-points">{points.map((p) => `${p.date}=${p.rate}`).join(" ")}</p>
  ),
}));

const MANAGER: Permission[] = ["dashboard.view", "catalog.manage"];
const VIEWER: Permission[] = ["dashboard.view", "data.export"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });

const rates = [
  fxRate("EUR", "GBP", "2026-11-30", "0.8512"),
  fxRate("USD", "GBP", "2026-11-30", "0.7901", { source: "import: rates.csv" }),
  fxRate("EUR", "GBP", "2026-11-27", "0.849"),
  fxRate("GBP", "EUR", "2026-11-26", "1.1780"),
];

const red = product("GABA_RED_UK");
const gold = product("GABA_GOLD_EU", { category: "GABA Gold", market: "EU" }, { currency: "EUR", unitMargin: "20.00", marginPct: "0.5000" });

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  ipc.listMarkets.mockResolvedValue(ok([market("UK"), market("EU", { currency: "EUR" }), market("USA", { active: false, currency: "USD" })]));
  ipc.listProducts.mockResolvedValue(ok([red, gold]));
  ipc.listChannels.mockResolvedValue(ok([channel("Amazon UK")]));
  ipc.listFxRates.mockResolvedValue(ok(rates));
});

const renderCatalog = (permissions: Permission[], path = "/catalog") =>
  render(<CatalogScreen />, { path, session: { permissions, username: "fiona.finance" } });

/**
 * Types into a text field (or picks an option) as React sees a user do it, and lets the
 * table settle: TanStack Table finishes some updates in a microtask.
 */
async function typeInto(el: HTMLElement, id: string, value: string) {
  const field = byTestId<HTMLInputElement>(el, id);
  if (!field) throw new Error(`no field ${id}`);
  const proto = field instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, "value")?.set?.call(field, value);
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  });
}

async function click(node: Element | null | undefined) {
  if (!node) throw new Error("nothing to click");
  await act(async () => (node as HTMLElement).click());
}

const key = (node: Element | null | undefined, k: string) => {
  if (!node) throw new Error("nothing to press a key on");
  act(() => {
    node.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true }));
  });
};

async function openRed(el: HTMLElement) {
  await until(() => byTestId(el, "catalog-row-GABA_RED_UK") !== null);
  await click(byTestId(byTestId(el, "catalog-row-GABA_RED_UK") as HTMLElement, "catalog-edit"));
  await until(() => byTestId(el, "catalog-dialog") !== null);
}

describe("catalog screen, as a manager", () => {
  it("lists products with prices in each product's currency", async () => {
    const el = renderCatalog(MANAGER);
    await until(() => byTestId(el, "catalog-row-GABA_GOLD_EU") !== null);
    expect(byTestId(el, "catalog-price-GABA_RED_UK")?.textContent).toBe("£25.99");
    expect(byTestId(el, "catalog-price-GABA_GOLD_EU")?.textContent).toBe("€25.99");
    expect(byTestId(el, "catalog-row-GABA_RED_UK")?.textContent).toContain("61.5%");
    expect(byTestId(el, "catalog-new-product")).not.toBeNull();
  });

  it("updates the margin while the price is typed and saves with the row's version", async () => {
    ipc.updateProduct.mockImplementation(async (id: string, _version: number, input: typeof red.fields) =>
      ok({ ...red, id, fields: input, unitMargin: "17.99", marginPct: "0.6427" }),
    );
    const el = renderCatalog(MANAGER);
    await openRed(el);
    expect(byTestId(el, "product-margin")?.textContent).toBe("£15.99");
    expect(byTestId(el, "product-margin-pct")?.textContent).toBe("61.5%");

    await typeInto(el, "product-sellingPrice", "27.99");
    expect(byTestId(el, "product-margin")?.textContent).toBe("£17.99");
    expect(byTestId(el, "product-margin-pct")?.textContent).toBe("64.3%");
    await typeInto(el, "product-sellingPrice", "27.");
    expect(byTestId(el, "product-margin")?.textContent).toBe("—");
    await typeInto(el, "product-sellingPrice", "27.99");

    ipc.listProducts.mockResolvedValue(ok([{ ...red, fields: { ...red.fields, sellingPrice: "27.99" } }, gold]));
    await click(byTestId(el, "catalog-save"));
    await until(() => byTestId(el, "catalog-notice") !== null);
    expect(ipc.updateProduct).toHaveBeenCalledWith("p-GABA_RED_UK", 3, { ...red.fields, sellingPrice: "27.99" });
    expect(byTestId(el, "catalog-notice")?.textContent).toBe("GABA_RED_UK was saved.");
    expect(byTestId(el, "catalog-dialog")).toBeNull();
    expect(byTestId(el, "catalog-price-GABA_RED_UK")?.textContent).toBe("£27.99");
  });

  it("shows Rust's refusal under the field it names and moves the focus there", async () => {
    ipc.updateProduct.mockResolvedValue({
      status: "error",
      error: { kind: "validation", field: "sellingPrice", message: "must be above the unit cost" },
    });
    const el = renderCatalog(MANAGER);
    await openRed(el);
    await typeInto(el, "product-sellingPrice", "9.00");
    await click(byTestId(el, "catalog-save"));
    await until(() => byTestId(el, "catalog-error") !== null);
    const price = byTestId<HTMLInputElement>(el, "product-sellingPrice");
    expect(price?.getAttribute("aria-invalid")).toBe("true");
    expect(price?.closest(".field")?.querySelector(".field-error")?.textContent).toBe(
      "Selling price (per unit, excl. tax): must be above the unit cost",
    );
    expect(document.activeElement).toBe(price);
    expect(byTestId(el, "catalog-dialog")).not.toBeNull();
  });

  it("does not ask Rust when a number is not a number", async () => {
    const el = renderCatalog(MANAGER);
    await openRed(el);
    await typeInto(el, "product-leadTimeDays", "two weeks");
    await click(byTestId(el, "catalog-save"));
    expect(ipc.updateProduct).not.toHaveBeenCalled();
    expect(byTestId(el, "product-leadTimeDays")?.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(byTestId(el, "product-leadTimeDays"));
  });

  it("shows theirs next to yours when someone saved first, and keeps mine on request", async () => {
    ipc.updateProduct
      .mockResolvedValueOnce({
        status: "error",
        error: { kind: "stale", entity: "product", changedBy: "Marco Rossi", changedAt: "2026-12-01T10:30:00Z" },
      })
      .mockImplementation(async (id: string, _v: number, input: typeof red.fields) => ok({ ...red, id, fields: input }));
    const theirs = { ...red, fields: { ...red.fields, sellingPrice: "26.49" }, stamp: { ...red.stamp, version: 4 } };
    const el = renderCatalog(MANAGER);
    await openRed(el);
    ipc.listProducts.mockResolvedValue(ok([theirs, gold]));
    await typeInto(el, "product-sellingPrice", "27.99");
    await click(byTestId(el, "catalog-save"));

    await until(() => byTestId(el, "stale-compare") !== null);
    expect(byTestId(el, "stale-banner")?.textContent).toContain("Changed by Marco Rossi at 1 Dec 2026, 10:30.");
    expect(byTestId(el, "stale-theirs-sellingPrice")?.textContent).toBe("26.49");
    expect(byTestId(el, "stale-yours-sellingPrice")?.textContent).toBe("27.99");
    // Only the fields that differ are compared.
    expect(byTestId(el, "stale-compare")?.querySelectorAll("tbody tr")).toHaveLength(1);
    expect(byTestId<HTMLButtonElement>(el, "catalog-save")?.disabled).toBe(true);

    await click(byTestId(el, "stale-keep-mine"));
    await until(() => byTestId(el, "catalog-notice") !== null);
    expect(ipc.updateProduct).toHaveBeenLastCalledWith("p-GABA_RED_UK", 4, { ...red.fields, sellingPrice: "27.99" });
  });

  it("reloads the form with the stored values and version on Use theirs", async () => {
    ipc.updateProduct.mockResolvedValue({
      status: "error",
      error: { kind: "stale", entity: "product", changedBy: null, changedAt: "2026-12-01T10:30:00Z" },
    });
    const theirs = { ...red, fields: { ...red.fields, sellingPrice: "26.49", name: "Renamed" }, stamp: { ...red.stamp, version: 7 } };
    const el = renderCatalog(MANAGER);
    await openRed(el);
    ipc.listProducts.mockResolvedValue(ok([theirs, gold]));
    await typeInto(el, "product-sellingPrice", "27.99");
    await click(byTestId(el, "catalog-save"));
    await until(() => byTestId(el, "stale-use-theirs") !== null);
    expect(byTestId(el, "stale-banner")?.textContent).toContain("Changed by someone else");

    await click(byTestId(el, "stale-use-theirs"));
    expect(byTestId(el, "stale-banner")).toBeNull();
    expect(byTestId<HTMLInputElement>(el, "product-sellingPrice")?.value).toBe("26.49");
    expect(byTestId<HTMLInputElement>(el, "product-name")?.value).toBe("Renamed");
    expect(byTestId(el, "product-margin")?.textContent).toBe("£16.49");

    ipc.updateProduct.mockImplementation(async (id: string, _v: number, input: typeof red.fields) => ok({ ...red, id, fields: input }));
    await click(byTestId(el, "catalog-save"));
    await until(() => byTestId(el, "catalog-notice") !== null);
    expect(ipc.updateProduct).toHaveBeenLastCalledWith("p-GABA_RED_UK", 7, theirs.fields);
  });

  it("deletes a product without history after a confirmation", async () => {
    ipc.deleteCatalogRow.mockResolvedValue(ok(null));
    const el = renderCatalog(MANAGER);
    await openRed(el);
    await click(byTestId(el, "catalog-delete"));
    expect(ipc.deleteCatalogRow).not.toHaveBeenCalled();
    ipc.listProducts.mockResolvedValue(ok([gold]));
    await click(byTestId(el, "catalog-delete-confirm"));
    await until(() => byTestId(el, "catalog-notice") !== null);
    expect(ipc.deleteCatalogRow).toHaveBeenCalledWith("product", "p-GABA_RED_UK", 3);
    expect(byTestId(el, "catalog-row-GABA_RED_UK")).toBeNull();
  });

  it("offers to deactivate a product with sales instead of deleting it", async () => {
    ipc.listProducts.mockResolvedValue(ok([{ ...red, hasSales: true }, gold]));
    ipc.updateProduct.mockImplementation(async (id: string, _v: number, input: typeof red.fields) => ok({ ...red, id, fields: input }));
    const el = renderCatalog(MANAGER);
    await openRed(el);
    expect(byTestId(el, "catalog-stamp")?.textContent).toContain("It has sales history: it can be deactivated, not deleted.");
    await click(byTestId(el, "catalog-delete"));
    expect(byTestId(el, "catalog-delete-confirm")).toBeNull();
    expect(byTestId(el, "catalog-delete-blocked")?.textContent).toContain("GABA_RED_UK cannot be deleted: it has sales history.");
    await click(byTestId(el, "catalog-deactivate"));
    await until(() => byTestId(el, "catalog-notice") !== null);
    expect(ipc.deleteCatalogRow).not.toHaveBeenCalled();
    expect(ipc.updateProduct).toHaveBeenCalledWith("p-GABA_RED_UK", 3, { ...red.fields, active: false });
  });

  it("shows Rust's words when it refuses a delete the list did not foresee", async () => {
    ipc.deleteCatalogRow.mockResolvedValue({
      status: "error",
      error: {
        kind: "conflict",
        constraint: "inventory_levels_product_id_fkey",
        field: "active",
        message: "it has sales, stock or production history: deactivate it instead",
      },
    });
    const el = renderCatalog(MANAGER);
    await openRed(el);
    await click(byTestId(el, "catalog-delete"));
    await click(byTestId(el, "catalog-delete-confirm"));
    await until(() => byTestId(el, "catalog-delete-refused") !== null);
    expect(byTestId(el, "catalog-delete-refused")?.textContent).toBe("It has sales, stock or production history: deactivate it instead.");
    expect(byTestId(el, "catalog-deactivate")).not.toBeNull();
  });

  it("adds a product in an active market, with the default market picked", async () => {
    ipc.createProduct.mockImplementation(async (input: typeof red.fields) => ok({ ...red, id: "p-new", fields: input }));
    const el = renderCatalog(MANAGER);
    await until(() => byTestId(el, "catalog-new-product") !== null);
    await until(() => byTestId(el, "catalog-row-GABA_RED_UK") !== null);
    await click(byTestId(el, "catalog-new-product"));
    await until(() => byTestId(el, "catalog-dialog") !== null);
    const market = byTestId<HTMLSelectElement>(el, "product-market");
    // USA is inactive: not offered to a new product.
    expect(Array.from(market?.options ?? []).map((o) => o.value)).toEqual(["UK", "EU"]);
    await typeInto(el, "product-sku", "GABA_RED_DE");
    await typeInto(el, "product-name", "GABA Red 50cl (DE)");
    await typeInto(el, "product-market", "EU");
    await typeInto(el, "product-unitCost", "8.00");
    await typeInto(el, "product-sellingPrice", "20.00");
    expect(byTestId(el, "product-margin")?.textContent).toBe("€12.00");
    await click(byTestId(el, "catalog-save"));
    await until(() => byTestId(el, "catalog-notice") !== null);
    expect(ipc.createProduct).toHaveBeenCalledWith(
      expect.objectContaining({ sku: "GABA_RED_DE", market: "EU", unitCost: "8.00", sellingPrice: "20.00", weightKg: null, batchSizeMin: 100 }),
    );
    expect(byTestId(el, "catalog-notice")?.textContent).toBe("GABA_RED_DE was added.");
  });

  it("keeps an inactive market in the picker of a product that is in it", async () => {
    ipc.listProducts.mockResolvedValue(ok([product("GABA_RED_USA", { market: "USA" }, { currency: "USD" })]));
    const el = renderCatalog(MANAGER);
    await until(() => byTestId(el, "catalog-row-GABA_RED_USA") !== null);
    await click(byTestId(el, "catalog-row-GABA_RED_USA"));
    await until(() => byTestId(el, "catalog-dialog") !== null);
    const market = byTestId<HTMLSelectElement>(el, "product-market");
    expect(market?.value).toBe("USA");
    expect(Array.from(market?.options ?? []).map((o) => o.textContent)).toContain("USA — USA market (inactive)");
  });

  it("narrows the list by search and filters and says when nothing matches", async () => {
    const el = renderCatalog(MANAGER);
    await until(() => byTestId(el, "catalog-row-GABA_GOLD_EU") !== null);
    await typeInto(el, "catalog-filter-market", "EU");
    expect(byTestId(el, "catalog-row-GABA_RED_UK")).toBeNull();
    expect(byTestId(el, "catalog-row-GABA_GOLD_EU")).not.toBeNull();
    await typeInto(el, "catalog-search", "red");
    expect(byTestId(el, "catalog-no-match")?.textContent).toContain("No products match the search and filters.");
    await click(byTestId(el, "catalog-clear-filters"));
    expect(byTestId(el, "catalog-row-GABA_RED_UK")).not.toBeNull();
    expect(byTestId(el, "catalog-row-GABA_GOLD_EU")).not.toBeNull();
  });

  it("moves between rows with the arrow keys and opens one with Enter", async () => {
    const el = renderCatalog(MANAGER);
    await until(() => byTestId(el, "catalog-row-GABA_GOLD_EU") !== null);
    const first = byTestId(el, "catalog-products")?.querySelector<HTMLElement>("tbody tr");
    expect(first?.tabIndex).toBe(0);
    act(() => first?.focus());
    key(first, "ArrowDown");
    const second = document.activeElement as HTMLElement;
    expect(second).not.toBe(first);
    expect(second.tagName).toBe("TR");
    expect(second.tabIndex).toBe(0);
    expect(first?.tabIndex).toBe(-1);
    key(second, "Enter");
    await until(() => byTestId(el, "catalog-dialog") !== null);
    expect(byTestId(el, "catalog-dialog")?.textContent).toContain(`Edit product ${second.dataset.testid?.replace("catalog-row-", "")}`);
  });

  it("shows and hides a column from the column menu (lead time starts hidden)", async () => {
    const el = renderCatalog(MANAGER);
    await until(() => byTestId(el, "catalog-row-GABA_RED_UK") !== null);
    const headers = () => Array.from(byTestId(el, "catalog-products")?.querySelectorAll("thead th") ?? []).map((th) => th.textContent);
    expect(headers()).not.toContain("Lead time (days)");
    await click(byTestId(el, "catalog-products-column-leadTime"));
    expect(headers()).toContain("Lead time (days)");
    await click(byTestId(el, "catalog-products-column-leadTime"));
    expect(headers()).not.toContain("Lead time (days)");
  });

  it("says what to do next when there are no products yet", async () => {
    ipc.listProducts.mockResolvedValue(ok([]));
    const el = renderCatalog(MANAGER);
    await until(() => byTestId(el, "catalog-empty") !== null);
    expect(byTestId(el, "catalog-empty")?.textContent).toBe("No products yet.Add one with New product.");
  });
});

describe("catalog screen, as a viewer", () => {
  it("shows the rows with no control to change them", async () => {
    const el = renderCatalog(VIEWER);
    await until(() => byTestId(el, "catalog-row-GABA_RED_UK") !== null);
    expect(byTestId(el, "catalog-edit")).toBeNull();
    expect(byTestId(el, "catalog-new-product")).toBeNull();

    await click(byTestId(el, "catalog-row-GABA_RED_UK")?.querySelector("td"));
    await until(() => byTestId(el, "catalog-dialog") !== null);
    expect(byTestId(el, "catalog-dialog")?.textContent).toContain("Product GABA_RED_UK");
    expect(byTestId(el, "catalog-save")).toBeNull();
    expect(byTestId(el, "catalog-delete")).toBeNull();
    expect(byTestId<HTMLInputElement>(el, "product-sellingPrice")?.closest("fieldset")?.disabled).toBe(true);
  });

  it("is told who adds rows when there are none", async () => {
    ipc.listProducts.mockResolvedValue(ok([]));
    const el = renderCatalog(VIEWER);
    await until(() => byTestId(el, "catalog-empty") !== null);
    expect(byTestId(el, "catalog-empty")?.textContent).not.toContain("New product");
    expect(byTestId(el, "catalog-empty")?.textContent).toContain("An administrator or manager adds products");
  });
});

describe("catalog tabs", () => {
  it("opens the tab the URL names and moves between tabs with the arrow keys", async () => {
    const el = renderCatalog(MANAGER, "/catalog?tab=markets");
    await until(() => byTestId(el, "catalog-row-UK") !== null);
    expect(byTestId(el, "catalog-tab-markets")?.getAttribute("aria-selected")).toBe("true");
    expect(byTestId(el, "catalog-new-market")).not.toBeNull();
    key(byTestId(el, "catalog-tab-markets"), "ArrowRight");
    await until(() => byTestId(el, "catalog-row-Amazon UK") !== null);
    expect(byTestId(el, "catalog-tab-channels")?.getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(byTestId(el, "catalog-tab-channels"));
  });

  it("lets the channel's platform decide the fulfilment choices", async () => {
    const el = renderCatalog(MANAGER, "/catalog?tab=channels");
    await until(() => byTestId(el, "catalog-row-Amazon UK") !== null);
    await click(byTestId(el, "catalog-row-Amazon UK")?.querySelector("td"));
    await until(() => byTestId(el, "catalog-dialog") !== null);
    const methods = () => Array.from(byTestId<HTMLSelectElement>(el, "channel-fulfillmentMethod")?.options ?? []).map((o) => o.value);
    expect(methods()).toEqual(["FBA", "FBM"]);
    expect(byTestId(el, "channel-credentials-status")?.textContent).toBe("Not set");
    await typeInto(el, "channel-channelType", "Shopify");
    expect(methods()).toEqual(["Own"]);
    expect(byTestId<HTMLSelectElement>(el, "channel-fulfillmentMethod")?.value).toBe("Own");
  });
});

/** Gives the file input a file, as choosing one in the picker does. */
async function chooseFile(el: HTMLElement, name: string, text: string) {
  const input = byTestId<HTMLInputElement>(el, "fx-import-input");
  if (!input) throw new Error("no file input");
  Object.defineProperty(input, "files", { value: [new File([text], name, { type: "text/csv" })], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

const CSV = "base,quote,date,rate,source\nEUR,GBP,2026-12-01,0.8530,ECB\n";

describe("exchange rates tab", () => {
  it("lists rates newest first with their pair, and says how an import file looks", async () => {
    const el = renderCatalog(MANAGER, "/catalog?tab=fx");
    await until(() => byTestId(el, "fx-row-EUR-GBP-2026-11-30") !== null);
    expect(byTestId(el, "catalog-tab-fx")?.getAttribute("aria-selected")).toBe("true");
    expect(ipc.listFxRates).toHaveBeenCalledWith({ pair: null, limit: 1000 });
    const row = byTestId(el, "fx-row-EUR-GBP-2026-11-30");
    expect(row?.textContent).toContain("30 Nov 2026");
    expect(row?.textContent).toContain("EUR → GBP");
    expect(row?.textContent).toContain("0.8512");
    expect(row?.textContent).toContain("ECB");
    expect(row?.textContent).toContain("by Priya Shah");
    expect(byTestId(el, "fx-row-EUR-GBP-2026-11-27")?.textContent).toContain("0.8490");
    const dates = Array.from(byTestId(el, "catalog-fx")?.querySelectorAll("tbody tr") ?? []).map((tr) => tr.getAttribute("data-testid"));
    expect(dates[dates.length - 1]).toBe("fx-row-GBP-EUR-2026-11-26");
    expect(byTestId(el, "fx-import-format")?.textContent).toContain("base,quote,date,rate,source");
    expect(byTestId(el, "fx-import-format")?.textContent).toContain("EUR,GBP,2026-11-30,0.8512,ECB");
    // No pair chosen: no chart.
    expect(byTestId(el, "fx-chart-points")).toBeNull();
  });

  it("narrows to one pair in its direction, asks Rust for that pair and charts it oldest first", async () => {
    const el = renderCatalog(MANAGER, "/catalog?tab=fx");
    await until(() => byTestId(el, "fx-row-EUR-GBP-2026-11-30") !== null);
    ipc.listFxRates.mockResolvedValue(ok(rates.filter((r) => r.fields.base !== "USD")));
    await typeInto(el, "fx-filter-pair", "EUR-GBP");
    await until(() => byTestId(el, "fx-chart-points") !== null);
    expect(ipc.listFxRates).toHaveBeenLastCalledWith({ pair: ["EUR", "GBP"], limit: 1000 });
    // Rust lists the pair both ways round; the tab shows the direction chosen.
    expect(byTestId(el, "fx-row-GBP-EUR-2026-11-26")).toBeNull();
    expect(byTestId(el, "fx-row-USD-GBP-2026-11-30")).toBeNull();
    expect(byTestId(el, "fx-chart-points")?.textContent).toBe("2026-11-27=0.849 2026-11-30=0.8512");
  });

  it("adds a rate for the chosen pair, and says what it means while it is typed", async () => {
    ipc.createFxRate.mockImplementation(async (input: ReturnType<typeof fxRate>["fields"]) => ok({ ...fxRate("EUR", "GBP", "x", "1"), fields: input }));
    const el = renderCatalog(MANAGER, "/catalog?tab=fx");
    await until(() => byTestId(el, "fx-row-EUR-GBP-2026-11-30") !== null);
    await typeInto(el, "fx-filter-pair", "USD-GBP");
    await click(byTestId(el, "catalog-new-fx"));
    await until(() => byTestId(el, "catalog-dialog") !== null);
    expect(byTestId<HTMLSelectElement>(el, "fx-base")?.value).toBe("USD");
    expect(byTestId<HTMLSelectElement>(el, "fx-quote")?.value).toBe("GBP");
    await typeInto(el, "fx-date", "2026-12-01");
    await typeInto(el, "fx-rate", "0.79");
    expect(byTestId(el, "fx-preview")?.textContent).toBe("1 USD = 0.7900 GBP on 1 Dec 2026");
    // Picking the quote currency as the base turns the pair round.
    await typeInto(el, "fx-base", "GBP");
    expect(byTestId<HTMLSelectElement>(el, "fx-quote")?.value).toBe("USD");
    await typeInto(el, "fx-base", "USD");
    await typeInto(el, "fx-source", "Bank of England");
    await click(byTestId(el, "catalog-save"));
    await until(() => byTestId(el, "catalog-notice") !== null);
    expect(ipc.createFxRate).toHaveBeenCalledWith({ base: "USD", quote: "GBP", date: "2026-12-01", rate: "0.79", source: "Bank of England" });
    expect(byTestId(el, "catalog-notice")?.textContent).toBe("USD → GBP on 1 Dec 2026 was added.");
  });

  it("edits and deletes a rate through the shared editor", async () => {
    ipc.deleteCatalogRow.mockResolvedValue(ok(null));
    const el = renderCatalog(MANAGER, "/catalog?tab=fx");
    await until(() => byTestId(el, "fx-row-EUR-GBP-2026-11-30") !== null);
    await click(byTestId(byTestId(el, "fx-row-EUR-GBP-2026-11-30") as HTMLElement, "catalog-edit"));
    await until(() => byTestId(el, "catalog-dialog") !== null);
    expect(byTestId(el, "catalog-dialog")?.textContent).toContain("Edit exchange rate EUR → GBP on 30 Nov 2026");
    expect(byTestId<HTMLInputElement>(el, "fx-rate")?.value).toBe("0.8512");
    await click(byTestId(el, "catalog-delete"));
    await click(byTestId(el, "catalog-delete-confirm"));
    await until(() => byTestId(el, "catalog-notice") !== null);
    expect(ipc.deleteCatalogRow).toHaveBeenCalledWith("fxRate", "fx-EUR-GBP-2026-11-30", 3);
    expect(byTestId(el, "catalog-notice")?.textContent).toBe("EUR → GBP on 30 Nov 2026 was deleted.");
  });

  it("imports a CSV file, shows progress, then what was imported, and reads the list again", async () => {
    let finish: (v: unknown) => void = () => {};
    ipc.importFxRatesCsv.mockReturnValue(new Promise((r) => (finish = r)));
    const el = renderCatalog(MANAGER, "/catalog?tab=fx");
    await until(() => byTestId(el, "fx-row-EUR-GBP-2026-11-30") !== null);
    const listed = ipc.listFxRates.mock.calls.length;
    await chooseFile(el, "rates.csv", CSV);
    await until(() => byTestId(el, "fx-import-progress") !== null);
    expect(byTestId(el, "fx-import-progress")?.textContent).toContain("Importing rates.csv…");
    expect(byTestId<HTMLInputElement>(el, "fx-import-input")?.disabled).toBe(true);
    expect(ipc.importFxRatesCsv).toHaveBeenCalledWith("rates.csv", CSV);

    ipc.listFxRates.mockResolvedValue(ok([fxRate("EUR", "GBP", "2026-12-01", "0.8530"), ...rates]));
    await act(async () => finish(ok({ file: "rates.csv", rows: 24, added: 20, replaced: 4 })));
    await until(() => byTestId(el, "fx-import-result") !== null);
    expect(byTestId(el, "fx-import-result")?.textContent).toBe("Imported 24 rates from rates.csv (20 new, 4 replaced)");
    expect(byTestId(el, "fx-import-progress")).toBeNull();
    expect(ipc.listFxRates.mock.calls.length).toBeGreaterThan(listed);
    expect(byTestId(el, "fx-row-EUR-GBP-2026-12-01")).not.toBeNull();
  });

  it("names the bad line of a refused import and keeps the list as it was", async () => {
    ipc.importFxRatesCsv.mockResolvedValue({
      status: "error",
      error: { kind: "badRow", file: "rates.csv", line: 7, field: "rate", message: "\"abc\" is not a number like 1.1675" },
    });
    const el = renderCatalog(MANAGER, "/catalog?tab=fx");
    await until(() => byTestId(el, "fx-row-EUR-GBP-2026-11-30") !== null);
    const listed = ipc.listFxRates.mock.calls.length;
    await chooseFile(el, "rates.csv", CSV);
    await until(() => byTestId(el, "fx-import-result") !== null);
    expect(byTestId(el, "fx-import-result")?.getAttribute("data-error-kind")).toBe("badRow");
    expect(byTestId(el, "fx-import-result")?.textContent).toBe(
      'Check the file. rates.csv, line 7, rate: "abc" is not a number like 1.1675. Nothing from the file was saved.',
    );
    expect(ipc.listFxRates.mock.calls.length).toBe(listed);
  });

  it("says what the dashboard does until rates are added", async () => {
    ipc.listFxRates.mockResolvedValue(ok([]));
    const el = renderCatalog(MANAGER, "/catalog?tab=fx");
    await until(() => byTestId(el, "catalog-empty") !== null);
    expect(byTestId(el, "catalog-empty")?.textContent).toBe(
      "No exchange rates yet.Add one or import a CSV file; until then the dashboard converts at the rate of the period's sales.",
    );
  });

  it("offers a viewer neither import nor a new rate", async () => {
    const el = renderCatalog(VIEWER, "/catalog?tab=fx");
    await until(() => byTestId(el, "fx-row-EUR-GBP-2026-11-30") !== null);
    expect(byTestId(el, "fx-import-input")).toBeNull();
    expect(byTestId(el, "catalog-new-fx")).toBeNull();
    expect(byTestId(el, "catalog-edit")).toBeNull();
  });
});

describe("a sales channel's credentials", () => {
  const amazon = channel("Amazon UK");

  async function openAmazon(permissions: Permission[]) {
    const el = renderCatalog(permissions, "/catalog?tab=channels");
    await until(() => byTestId(el, "catalog-row-Amazon UK") !== null);
    await click(byTestId(el, "catalog-row-Amazon UK")?.querySelector("td"));
    await until(() => byTestId(el, "catalog-dialog") !== null);
    return el;
  }

  it("are replaced from a password field, which is emptied, and later edits start from the new version", async () => {
    const saved = { ...amazon, hasCredentials: true, stamp: { ...amazon.stamp, version: 4 } };
    ipc.setChannelCredentials.mockResolvedValue(ok(saved));
    ipc.updateChannel.mockImplementation(async (id: string, _v: number, input: typeof amazon.fields) => ok({ ...saved, id, fields: input }));
    const el = await openAmazon(MANAGER);
    expect(byTestId(el, "channel-credentials-status")?.textContent).toBe("Not set");
    expect(byTestId(el, "channel-credentials-remove")).toBeNull();
    const input = byTestId<HTMLInputElement>(el, "channel-credentials-input");
    expect(input?.type).toBe("password");
    expect(byTestId<HTMLButtonElement>(el, "channel-credentials-save")?.disabled).toBe(true);

    ipc.listChannels.mockResolvedValue(ok([saved]));
    await typeInto(el, "channel-credentials-input", '{"key":"s3cret"}');
    await click(byTestId(el, "channel-credentials-save"));
    await until(() => byTestId(el, "channel-credentials-notice") !== null);
    expect(ipc.setChannelCredentials).toHaveBeenCalledWith("c-Amazon UK", 3, '{"key":"s3cret"}');
    expect(byTestId<HTMLInputElement>(el, "channel-credentials-input")?.value).toBe("");
    expect(byTestId(el, "channel-credentials-status")?.textContent).toBe("Set");
    expect(byTestId(el, "catalog-dialog")?.textContent).not.toContain("s3cret");

    await typeInto(el, "channel-commissionRate", "0.16");
    await click(byTestId(el, "catalog-save"));
    await until(() => byTestId(el, "catalog-notice") !== null);
    expect(ipc.updateChannel).toHaveBeenCalledWith("c-Amazon UK", 4, { ...amazon.fields, commissionRate: "0.16" });
  });

  it("are removed only after a confirmation", async () => {
    const stored = { ...amazon, hasCredentials: true };
    ipc.listChannels.mockResolvedValue(ok([stored]));
    ipc.setChannelCredentials.mockResolvedValue(ok({ ...amazon, stamp: { ...amazon.stamp, version: 4 } }));
    const el = await openAmazon(MANAGER);
    expect(byTestId(el, "channel-credentials-status")?.textContent).toBe("Set");
    await click(byTestId(el, "channel-credentials-remove"));
    expect(ipc.setChannelCredentials).not.toHaveBeenCalled();
    await click(byTestId(el, "channel-credentials-remove-confirm"));
    await until(() => byTestId(el, "channel-credentials-notice") !== null);
    expect(ipc.setChannelCredentials).toHaveBeenCalledWith("c-Amazon UK", 3, null);
    expect(byTestId(el, "channel-credentials-status")?.textContent).toBe("Not set");
  });

  it("say so when someone else changed the channel first, and retry from the version stored now", async () => {
    ipc.setChannelCredentials.mockResolvedValueOnce({
      status: "error",
      error: { kind: "stale", entity: "sales channel", changedBy: "Marco Rossi", changedAt: "2026-12-01T10:30:00Z" },
    });
    const el = await openAmazon(MANAGER);
    const theirs = { ...amazon, fields: { ...amazon.fields, commissionRate: "0.17" }, stamp: { ...amazon.stamp, version: 5 } };
    ipc.listChannels.mockResolvedValue(ok([theirs]));
    await typeInto(el, "channel-credentials-input", "key-1");
    await click(byTestId(el, "channel-credentials-save"));
    await until(() => byTestId(el, "channel-credentials-error") !== null);
    expect(byTestId(el, "channel-credentials-error")?.textContent).toContain("Marco Rossi changed this sales channel at 1 Dec 2026, 10:30.");
    expect(byTestId<HTMLInputElement>(el, "channel-credentials-input")?.value).toBe("key-1");

    ipc.setChannelCredentials.mockResolvedValue(ok({ ...theirs, hasCredentials: true, stamp: { ...theirs.stamp, version: 6 } }));
    await until(() => byTestId(el, "channel-credentials-reread") !== null);
    await click(byTestId(el, "channel-credentials-save"));
    await until(() => byTestId(el, "channel-credentials-notice") !== null);
    expect(ipc.setChannelCredentials).toHaveBeenLastCalledWith("c-Amazon UK", 5, "key-1");
    // The form still starts from the version it was opened at: saving it shows Marco's change first.
    ipc.updateChannel.mockResolvedValue({
      status: "error",
      error: { kind: "stale", entity: "sales channel", changedBy: "Marco Rossi", changedAt: "2026-12-01T10:30:00Z" },
    });
    await click(byTestId(el, "catalog-save"));
    await until(() => byTestId(el, "stale-banner") !== null);
    expect(ipc.updateChannel).toHaveBeenCalledWith("c-Amazon UK", 3, amazon.fields);
  });

  it("show a viewer only whether they are set", async () => {
    ipc.listChannels.mockResolvedValue(ok([{ ...amazon, hasCredentials: true }]));
    const el = await openAmazon(VIEWER);
    expect(byTestId(el, "channel-credentials-status")?.textContent).toBe("Set");
    expect(byTestId(el, "channel-credentials")).toBeNull();
    expect(byTestId(el, "channel-credentials-input")).toBeNull();
  });
});
