import { describe, expect, it } from "vitest";
import type { ColumnMapping } from "../../lib/ipc";
import {
  EMPTY_DRAFT,
  columnChoices,
  guessMapping,
  initialDraft,
  mappingProblems,
  needsColumns,
  rememberedDraft,
  sameMapping,
  toMapping,
} from "./mapping";

const CHOSEN: ColumnMapping = {
  date: "Datum",
  orderId: "Beleg",
  line: null,
  sku: "Artikel",
  channel: null,
  quantity: "Menge",
  unitPrice: "Preis",
  currency: "Währung",
};

describe("guessing the columns", () => {
  it("matches whole names in any case and spelling", () => {
    expect(guessMapping(["Order ID", "DATE", "Line", "SKU", "Channel", "Qty", "Unit Price", "currency"])).toEqual({
      date: "DATE",
      orderId: "Order ID",
      line: "Line",
      sku: "SKU",
      channel: "Channel",
      quantity: "Qty",
      unitPrice: "Unit Price",
      currency: "currency",
    });
    expect(guessMapping(["datum", "bestellnummer", "artikel", "kanal", "menge", "preis", "WÄHRUNG"])).toEqual({
      date: "datum",
      orderId: "bestellnummer",
      line: "",
      sku: "artikel",
      channel: "kanal",
      quantity: "menge",
      unitPrice: "preis",
      currency: "WÄHRUNG",
    });
    expect(guessMapping(["order_id", "quantity", "unit_price", "sku"])).toMatchObject({ orderId: "order_id", quantity: "quantity", unitPrice: "unit_price", sku: "sku" });
  });

  it("finds a field's word inside a longer name, never a total as the unit price", () => {
    expect(guessMapping(["Order Date", "Order Ref", "Article No.", "Line Total", "Price (EUR)", "Currency Code"])).toEqual({
      ...EMPTY_DRAFT,
      date: "Order Date",
      orderId: "Order Ref",
      sku: "Article No.",
      unitPrice: "Price (EUR)",
      currency: "Currency Code",
    });
    expect(guessMapping(["orderDate", "Total Price"])).toEqual({ ...EMPTY_DRAFT, date: "orderDate" });
  });

  it("guesses each column for one field at most, and leaves unknown names unchosen", () => {
    // Both names fit the order by a word; each field keeps its exact name instead.
    expect(guessMapping(["Order Date", "Order"])).toEqual({ ...EMPTY_DRAFT, date: "Order Date", orderId: "Order" });
    expect(guessMapping(["Foo", "Bar", ""])).toEqual(EMPTY_DRAFT);
    expect(guessMapping([])).toEqual(EMPTY_DRAFT);
  });

  it("offers each non-blank name once", () => {
    expect(columnChoices(["Date", " ", "SKU", "date ", "Qty"])).toEqual(["Date", "SKU", "Qty"]);
  });
});

describe("columns chosen last time", () => {
  it("are spelled as this file's header spells them", () => {
    const header = ["DATUM", "Beleg", "artikel", "Menge", "Preis", "Währung", "Bemerkung"];
    expect(rememberedDraft(header, CHOSEN)).toEqual({
      date: "DATUM",
      orderId: "Beleg",
      line: "",
      sku: "artikel",
      channel: "",
      quantity: "Menge",
      unitPrice: "Preis",
      currency: "Währung",
    });
  });

  it("leave a name the header lacks unchosen", () => {
    expect(rememberedDraft(["Datum", "Beleg"], CHOSEN)).toEqual({ ...EMPTY_DRAFT, date: "Datum", orderId: "Beleg" });
  });

  it("come before a guess", () => {
    const header = ["Datum", "Beleg", "Artikel", "Menge", "Preis", "Währung", "Listenpreis"];
    expect(initialDraft({ header, remembered: { ...CHOSEN, unitPrice: "Listenpreis" } })).toEqual({
      draft: { ...rememberedDraft(header, CHOSEN), unitPrice: "Listenpreis" },
      remembered: true,
    });
    expect(initialDraft({ header, remembered: null })).toEqual({ draft: guessMapping(header), remembered: false });
    expect(initialDraft({ header, remembered: null }).draft.unitPrice).toBe("Preis");
  });
});

describe("checking the chosen columns", () => {
  const full = { ...EMPTY_DRAFT, date: "Datum", orderId: "Beleg", sku: "Artikel", quantity: "Menge", unitPrice: "Preis", currency: "Währung" };

  it("asks for every required field, not the optional ones", () => {
    expect(mappingProblems(full)).toEqual({});
    expect(mappingProblems(EMPTY_DRAFT)).toEqual({
      date: { kind: "missing", message: "Choose the column that holds the date." },
      orderId: { kind: "missing", message: "Choose the column that holds the order reference." },
      sku: { kind: "missing", message: "Choose the column that holds the SKU." },
      quantity: { kind: "missing", message: "Choose the column that holds the quantity." },
      unitPrice: { kind: "missing", message: "Choose the column that holds the unit price." },
      currency: { kind: "missing", message: "Choose the column that holds the currency." },
    });
    expect(toMapping({ ...full, unitPrice: "" })).toBeNull();
  });

  it("refuses one column for two fields, naming the other field on each", () => {
    const twice = { ...full, quantity: "Preis", channel: "preis " };
    expect(mappingProblems(twice)).toEqual({
      channel: { kind: "duplicate", message: "“preis ” is also chosen for the quantity and the unit price; choose one column per field." },
      quantity: { kind: "duplicate", message: "“Preis” is also chosen for the sales channel and the unit price; choose one column per field." },
      unitPrice: { kind: "duplicate", message: "“Preis” is also chosen for the sales channel and the quantity; choose one column per field." },
    });
    expect(toMapping(twice)).toBeNull();
  });

  it("sends the optional fields left out as none", () => {
    expect(toMapping(full)).toEqual({ ...CHOSEN });
    expect(toMapping({ ...full, line: "Pos", channel: "Shop" })).toEqual({ ...CHOSEN, line: "Pos", channel: "Shop" });
  });

  it("tells the same columns from other ones", () => {
    expect(sameMapping(CHOSEN, { ...CHOSEN })).toBe(true);
    expect(sameMapping(CHOSEN, { ...CHOSEN, sku: "SKU" })).toBe(false);
    expect(sameMapping(CHOSEN, { ...CHOSEN, line: "Pos" })).toBe(false);
    expect(sameMapping(null, undefined)).toBe(true);
    expect(sameMapping(CHOSEN, null)).toBe(false);
    expect(sameMapping(undefined, CHOSEN)).toBe(false);
  });
});

describe("when the columns are chosen", () => {
  it("is for a file of no known layout, or when the form asks for chosen columns", () => {
    expect(needsColumns("", null)).toBe(true);
    expect(needsColumns("", "shopify")).toBe(false);
    expect(needsColumns("mapped", "template")).toBe(true);
    expect(needsColumns("mapped", null)).toBe(true);
    // A file of another layout than the one asked for is refused by the import, as asked.
    expect(needsColumns("template", null)).toBe(false);
  });
});
