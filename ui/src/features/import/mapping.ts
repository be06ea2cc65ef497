// The columns a planner chooses for a file whose layout Sentia does not recognise: a first
// guess from the header's names, the choice remembered for the same header, and what must be
// fixed before the file can be checked. Pure, so it is tested without a window.

import type { ColumnMapping, FilePreview, ImportLayout } from "../../lib/ipc";

export type MappingField = keyof ColumnMapping;

/** The columns as the selects hold them: a header name, or "" for none chosen. */
export type MappingDraft = Record<MappingField, string>;

export interface MappingFieldInfo {
  field: MappingField;
  label: string;
  /** The field as a sentence names it ("the unit price"). */
  noun: string;
  required: boolean;
}

/** In the template's order, which is the order of the selects. */
export const MAPPING_FIELDS: readonly MappingFieldInfo[] = [
  { field: "date", label: "Date", noun: "date", required: true },
  { field: "orderId", label: "Order", noun: "order reference", required: true },
  { field: "line", label: "Line", noun: "line number", required: false },
  { field: "sku", label: "SKU", noun: "SKU", required: true },
  { field: "channel", label: "Sales channel", noun: "sales channel", required: false },
  { field: "quantity", label: "Quantity", noun: "quantity", required: true },
  { field: "unitPrice", label: "Unit price", noun: "unit price", required: true },
  { field: "currency", label: "Currency", noun: "currency", required: true },
];

export const EMPTY_DRAFT: MappingDraft = {
  date: "",
  orderId: "",
  line: "",
  sku: "",
  channel: "",
  quantity: "",
  unitPrice: "",
  currency: "",
};

// Rust finds a chosen column by its trimmed name in any case, so the UI compares names the same way.
const key = (name: string) => name.trim().toLowerCase();

/**
 * The names a select offers: the header's, without blanks, and each name once (Rust reads the
 * first column of a name, so a second one of the same name cannot be chosen anyway).
 */
export function columnChoices(header: readonly string[]): string[] {
  const seen = new Set<string>();
  const choices: string[] = [];
  for (const name of header) {
    const k = key(name);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    choices.push(name);
  }
  return choices;
}

/** A header name reduced to lower-case letters and digits: "Order ID", "order_id" → "orderid". */
function compact(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** A header name's words: "Unit Price (EUR)" → unit, price, eur; "orderDate" → order, date. */
function words(name: string): string[] {
  return name
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

// Whole names first, best first. English, German and the names common shop exports use.
const NAMES: Record<MappingField, readonly string[]> = {
  date: ["date", "datum", "orderdate", "bestelldatum", "saledate"],
  orderId: ["orderid", "order", "ordernumber", "orderno", "ordernr", "orderref", "ordername", "bestellnummer", "bestellnr", "bestellung", "auftragsnummer", "auftrag"],
  line: ["line", "lineno", "linenumber", "orderline", "position", "zeile"],
  sku: ["sku", "article", "articleno", "articlenumber", "artikel", "artikelnummer", "artikelnr", "itemsku", "productsku"],
  channel: ["channel", "kanal", "saleschannel", "vertriebskanal"],
  quantity: ["qty", "quantity", "menge", "units", "anzahl"],
  unitPrice: ["unitprice", "price", "preis", "priceperunit", "einzelpreis", "stückpreis"],
  currency: ["currency", "währung", "waehrung", "currencycode", "ccy"],
};

// Then single words inside longer names ("Order Date", "Unit Price (EUR)"). Not for the line:
// "Line total" is not a line number.
const WORDS: Partial<Record<MappingField, readonly string[]>> = {
  date: ["date", "datum"],
  orderId: ["order", "bestellung", "auftrag"],
  sku: ["sku", "article", "artikel"],
  channel: ["channel", "kanal"],
  quantity: ["qty", "quantity", "menge"],
  unitPrice: ["price", "preis"],
  currency: ["currency", "währung"],
};

// A column that holds a total is never guessed as the unit price: that one is the price of one unit.
const TOTALS = ["total", "gesamt", "summe", "sum", "amount", "betrag"];

/**
 * A first guess at the columns from the header's names, case-insensitive. Each column is
 * guessed for one field at most; a field with no likely column is left for the planner.
 */
export function guessMapping(header: readonly string[]): MappingDraft {
  const choices = columnChoices(header);
  const draft: MappingDraft = { ...EMPTY_DRAFT };
  const taken = new Set<string>();
  const take = (field: MappingField, name: string) => {
    draft[field] = name;
    taken.add(key(name));
  };
  const free = () => choices.filter((name) => !taken.has(key(name)));

  for (const { field } of MAPPING_FIELDS) {
    for (const wanted of NAMES[field]) {
      const found = free().find((name) => compact(name) === wanted);
      if (found !== undefined) {
        take(field, found);
        break;
      }
    }
  }
  for (const { field } of MAPPING_FIELDS) {
    const wanted = WORDS[field];
    if (draft[field] || !wanted) continue;
    const found = free().find((name) => {
      const w = words(name);
      if (field === "unitPrice" && w.some((x) => TOTALS.includes(x))) return false;
      return w.some((x) => wanted.includes(x));
    });
    if (found !== undefined) take(field, found);
  }
  return draft;
}

/**
 * The columns chosen last time, as this file's header spells them (the header is remembered
 * trimmed and in lower case, so this file's may differ in case). A name the header lacks is
 * left unchosen.
 */
export function rememberedDraft(header: readonly string[], remembered: ColumnMapping): MappingDraft {
  const choices = columnChoices(header);
  const spell = (name: string | null) => (name ? (choices.find((c) => key(c) === key(name)) ?? "") : "");
  const draft: MappingDraft = { ...EMPTY_DRAFT };
  for (const { field } of MAPPING_FIELDS) draft[field] = spell(remembered[field]);
  return draft;
}

/** The selects' first state: last time's choice for this header, or else a guess. */
export function initialDraft(preview: Pick<FilePreview, "header" | "remembered">): { draft: MappingDraft; remembered: boolean } {
  return preview.remembered
    ? { draft: rememberedDraft(preview.header, preview.remembered), remembered: true }
    : { draft: guessMapping(preview.header), remembered: false };
}

export type MappingProblem = { kind: "missing" | "duplicate"; message: string };

/** What keeps each field from being read: a required one with no column, or a column chosen twice. */
export function mappingProblems(draft: MappingDraft): Partial<Record<MappingField, MappingProblem>> {
  const problems: Partial<Record<MappingField, MappingProblem>> = {};
  for (const { field, noun, required } of MAPPING_FIELDS) {
    const column = draft[field];
    if (!column) {
      if (required) problems[field] = { kind: "missing", message: `Choose the column that holds the ${noun}.` };
      continue;
    }
    const others = MAPPING_FIELDS.filter((o) => o.field !== field && draft[o.field] && key(draft[o.field]) === key(column));
    if (others.length > 0) {
      const names = others.map((o) => `the ${o.noun}`).join(" and ");
      problems[field] = { kind: "duplicate", message: `“${column}” is also chosen for ${names}; choose one column per field.` };
    }
  }
  return problems;
}

/** The mapping to send, or null while a field has a problem. */
export function toMapping(draft: MappingDraft): ColumnMapping | null {
  if (Object.keys(mappingProblems(draft)).length > 0) return null;
  return {
    date: draft.date,
    orderId: draft.orderId,
    line: draft.line || null,
    sku: draft.sku,
    channel: draft.channel || null,
    quantity: draft.quantity,
    unitPrice: draft.unitPrice,
    currency: draft.currency,
  };
}

/** The same columns for every field; no mapping (absent or null) equals only no mapping. */
export function sameMapping(a: ColumnMapping | null | undefined, b: ColumnMapping | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return MAPPING_FIELDS.every(({ field }) => (a[field] ?? null) === (b[field] ?? null));
}

/**
 * Whether the planner chooses the columns before the check: for a file of no known layout,
 * unless the form asks for a known one (then the file is refused, as asked), and always when
 * the form asks for chosen columns.
 */
export function needsColumns(asked: ImportLayout | "", found: ImportLayout | null): boolean {
  if (asked === "mapped") return true;
  return asked === "" && found === null;
}
