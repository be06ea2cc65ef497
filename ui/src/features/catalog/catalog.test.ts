import { describe, expect, it } from "vitest";
import { channel, market, product } from "./fixtures.test-data";
import {
  ALL_CHANNELS,
  ALL_MARKETS,
  ALL_PRODUCTS,
  filterChannels,
  filterMarkets,
  filterProducts,
  isFiltered,
} from "./filters";
import { CHANNEL_SPEC, MARKET_SPEC, PRODUCT_SPEC, diffFields, firstError, parseForm, sameValue, toForm } from "./forms";
import { currencyOf, fulfilmentAfterTypeChange, fulfilmentFor, marketChoices } from "./options";
import { formatRate } from "./parts";

describe("catalog forms", () => {
  it("turn a stored product into text and back into the same input", () => {
    const p = product("GABA_RED_UK");
    const form = toForm(PRODUCT_SPEC, p.fields);
    expect(form.batchSizeMin).toBe("100");
    expect(form.active).toBe(true);
    expect(parseForm(PRODUCT_SPEC, form)).toEqual({ ok: true, input: p.fields });
  });

  it("send a blank optional field as null and trim what was typed", () => {
    const form = {
      ...toForm(PRODUCT_SPEC, product("GABA_RED_UK").fields),
      weightKg: " ",
      shelfLifeDays: "",
      dimensionsCm: "",
      sellingPrice: " 27.50 ",
      sku: " GABA_RED_UK ",
    };
    const parsed = parseForm(PRODUCT_SPEC, form);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.input.weightKg).toBeNull();
    expect(parsed.input.shelfLifeDays).toBeNull();
    expect(parsed.input.dimensionsCm).toBeNull();
    expect(parsed.input.sellingPrice).toBe("27.50");
    expect(parsed.input.sku).toBe("GABA_RED_UK");
  });

  it("catch only what is plainly wrong: missing values and numbers that are not numbers", () => {
    const form = {
      ...toForm(PRODUCT_SPEC, product("GABA_RED_UK").fields),
      name: "  ",
      sellingPrice: "12,50",
      leadTimeDays: "1.5",
      batchSizeMax: "99999999999",
      market: "",
    };
    const parsed = parseForm(PRODUCT_SPEC, form);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(["batchSizeMax", "leadTimeDays", "market", "name", "sellingPrice"]);
    expect(firstError(PRODUCT_SPEC, parsed.errors)).toBe("name");
    // Ranges and rules across fields are Rust's: a price below the cost passes here.
    expect(parseForm(PRODUCT_SPEC, { ...toForm(PRODUCT_SPEC, product("X").fields), sellingPrice: "1.00" }).ok).toBe(true);
  });

  it("leave a JSON document's checks to Rust, which says where it is broken", () => {
    const form = { ...toForm(MARKET_SPEC, market("UK").fields), importRestrictions: "{not json" };
    const parsed = parseForm(MARKET_SPEC, form);
    expect(parsed.ok && parsed.input.importRestrictions).toBe("{not json");
  });

  it("parse every channel field, optional rates included", () => {
    const c = channel("Amazon UK", { conversionRate: null, monthlyRevenueTarget: null });
    expect(parseForm(CHANNEL_SPEC, toForm(CHANNEL_SPEC, c.fields))).toEqual({ ok: true, input: c.fields });
  });
});

describe("theirs against yours", () => {
  it("lists only the fields whose stored value differs from the form, in form order", () => {
    const mine = { ...toForm(PRODUCT_SPEC, product("GABA_RED_UK").fields), sellingPrice: "27.99" };
    const theirs = product("GABA_RED_UK", { sellingPrice: "26.99", name: "Renamed", active: false }).fields;
    expect(diffFields(PRODUCT_SPEC, theirs, mine)).toEqual([
      { field: "name", theirs: "Renamed", yours: "GABA_RED_UK 50cl" },
      { field: "sellingPrice", theirs: "26.99", yours: "27.99" },
      { field: "active", theirs: false, yours: true },
    ]);
  });

  it("finds nothing when both saved the same values", () => {
    const p = product("GABA_RED_UK");
    expect(diffFields(PRODUCT_SPEC, p.fields, toForm(PRODUCT_SPEC, p.fields))).toEqual([]);
  });

  it("does not count another spelling of the same value as a change", () => {
    expect(sameValue("decimal", "12.5", "12.50")).toBe(true);
    expect(sameValue("decimal", "12.5", "12.51")).toBe(false);
    expect(sameValue("int", "014", "14")).toBe(true);
    expect(sameValue("optionalDecimal", "", "0")).toBe(false);
    expect(sameValue("json", '{\n  "b": 1,\n  "a": [1, {"y": 2, "x": 1}]\n}', '{"a":[1,{"x":1,"y":2}],"b":1}')).toBe(true);
    expect(sameValue("json", '{"a": [1, 2]}', '{"a": [2, 1]}')).toBe(false);
    expect(sameValue("json", "", "{}")).toBe(true);
    expect(sameValue("json", "{broken", "{broken ")).toBe(true);
    expect(sameValue("text", " UK", "UK")).toBe(true);
    expect(sameValue("flag", true, false)).toBe(false);
  });
});

describe("catalog filters", () => {
  const products = [
    product("GABA_RED_UK"),
    product("GABA_GOLD_EU", { category: "GABA Gold", market: "EU", name: "GABA Gold 50cl (EU)" }),
    product("GABA_BLACK_USA", { category: "GABA Black", market: "USA", active: false }),
  ];
  const skus = (rows: { fields: { sku: string } }[]) => rows.map((r) => r.fields.sku);

  it("filter products by market, category, status and search together", () => {
    expect(skus(filterProducts(products, ALL_PRODUCTS))).toEqual(["GABA_RED_UK", "GABA_GOLD_EU", "GABA_BLACK_USA"]);
    expect(skus(filterProducts(products, { ...ALL_PRODUCTS, market: "EU" }))).toEqual(["GABA_GOLD_EU"]);
    expect(skus(filterProducts(products, { ...ALL_PRODUCTS, category: "GABA Black" }))).toEqual(["GABA_BLACK_USA"]);
    expect(skus(filterProducts(products, { ...ALL_PRODUCTS, status: "active" }))).toEqual(["GABA_RED_UK", "GABA_GOLD_EU"]);
    expect(skus(filterProducts(products, { ...ALL_PRODUCTS, status: "inactive" }))).toEqual(["GABA_BLACK_USA"]);
    expect(skus(filterProducts(products, { ...ALL_PRODUCTS, search: "gaba", market: "UK" }))).toEqual(["GABA_RED_UK"]);
    expect(filterProducts(products, { ...ALL_PRODUCTS, search: "red", market: "EU" })).toEqual([]);
  });

  it("filter channels by market and type", () => {
    const channels = [channel("Amazon UK"), channel("Shopify EU", { channelType: "Shopify", market: "EU", fulfillmentMethod: "Own" })];
    const names = (rows: typeof channels) => rows.map((r) => r.fields.name);
    expect(names(filterChannels(channels, { ...ALL_CHANNELS, type: "Shopify" }))).toEqual(["Shopify EU"]);
    expect(names(filterChannels(channels, { ...ALL_CHANNELS, market: "UK" }))).toEqual(["Amazon UK"]);
    expect(names(filterChannels(channels, { ...ALL_CHANNELS, search: "fba" }))).toEqual(["Amazon UK"]);
  });

  it("filter markets by status and search", () => {
    const markets = [market("UK"), market("EU", { active: false, currency: "EUR" })];
    const codes = (rows: typeof markets) => rows.map((r) => r.fields.code);
    expect(codes(filterMarkets(markets, { ...ALL_MARKETS, status: "active" }))).toEqual(["UK"]);
    expect(codes(filterMarkets(markets, { ...ALL_MARKETS, search: "eur" }))).toEqual(["EU"]);
  });

  it("tell a narrowed list from the whole one", () => {
    expect(isFiltered(ALL_PRODUCTS, ALL_PRODUCTS)).toBe(false);
    expect(isFiltered({ ...ALL_PRODUCTS, search: "  " }, ALL_PRODUCTS)).toBe(false);
    expect(isFiltered({ ...ALL_PRODUCTS, search: "red" }, ALL_PRODUCTS)).toBe(true);
    expect(isFiltered({ ...ALL_PRODUCTS, status: "active" }, ALL_PRODUCTS)).toBe(true);
  });
});

describe("catalog pickers", () => {
  it("offer the fulfilment methods a channel type allows", () => {
    expect(fulfilmentFor("Amazon")).toEqual(["FBA", "FBM"]);
    expect(fulfilmentFor("Shopify")).toEqual(["Own"]);
    expect(fulfilmentAfterTypeChange("Shopify", "FBM")).toBe("Own");
    expect(fulfilmentAfterTypeChange("Amazon", "Own")).toBe("FBA");
    expect(fulfilmentAfterTypeChange("Amazon", "FBM")).toBe("FBM");
  });

  it("offer active markets only, but keep a row's inactive market", () => {
    const markets = [market("UK"), market("EU", { active: false, name: "European Union" })];
    expect(marketChoices(markets, "UK").map((m) => m.code)).toEqual(["UK"]);
    expect(marketChoices(markets, "EU")).toEqual([
      { code: "UK", label: "UK — UK market" },
      { code: "EU", label: "EU — European Union (inactive)" },
    ]);
    expect(marketChoices([], "USA")).toEqual([{ code: "USA", label: "USA" }]);
    expect(marketChoices(markets, "")).toHaveLength(1);
  });

  it("price a row in its market's currency", () => {
    expect(currencyOf([market("EU", { currency: "EUR" })], "EU")).toBe("EUR");
    expect(currencyOf([market("EU")], "USA")).toBeUndefined();
    expect(currencyOf(undefined, "EU")).toBeUndefined();
  });
});

describe("rates", () => {
  it("show a share as a percentage with the decimals it has", () => {
    expect(formatRate("0.2", "en-GB")).toBe("20%");
    expect(formatRate("0.0825", "en-GB")).toBe("8.25%");
    expect(formatRate("0.1500", "en-GB")).toBe("15%");
    expect(formatRate(null, "en-GB")).toBe("—");
    expect(formatRate("n/a", "en-GB")).toBe("—");
  });
});
