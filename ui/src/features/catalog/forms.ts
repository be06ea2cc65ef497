// The catalog forms hold text while the user types; these turn a stored row into that text,
// the text back into the input Rust takes, and compare the two for the "changed by someone
// else" view. Checks here are only the obvious ones (a required field is filled in, a number
// is a number): the ranges and cross-field rules are Rust's, which names the field it refuses.

import type { FxRateInput, MarketInput, ProductInput, SalesChannelInput } from "../../lib/ipc";
import { compareDecimal, isDecimalString, parseIsoDate } from "../../shared/format";

/** How a field is typed and sent. */
export type FieldKind =
  | "text" // required text
  | "optionalText" // blank is null
  | "choice" // a picker: required
  | "decimal" // a decimal string
  | "optionalDecimal"
  | "int" // a whole number
  | "optionalInt"
  | "date" // a calendar day, "YYYY-MM-DD" (what <input type="date"> gives)
  | "json" // a JSON object as text (blank is the empty object; Rust checks the shape)
  | "flag"; // a checkbox

/** What a form holds for an input type: text for every field, a boolean for a checkbox. */
export type FormOf<I> = { [K in keyof I]: I[K] extends boolean ? boolean : string };

/** The kind of every field of an input type. */
export type Spec<I> = { [K in keyof I]-?: FieldKind };

export type FieldErrors<I> = Partial<Record<keyof I, string>>;

export const PRODUCT_SPEC: Spec<ProductInput> = {
  sku: "text",
  name: "text",
  category: "choice",
  market: "choice",
  unitCost: "decimal",
  sellingPrice: "decimal",
  weightKg: "optionalDecimal",
  dimensionsCm: "optionalText",
  productionTimeHours: "decimal",
  batchSizeMin: "int",
  batchSizeMax: "int",
  leadTimeDays: "int",
  shelfLifeDays: "optionalInt",
  complianceData: "json",
  active: "flag",
};

export const MARKET_SPEC: Spec<MarketInput> = {
  code: "text",
  name: "text",
  currency: "choice",
  taxRate: "decimal",
  taxName: "text",
  standardShippingDays: "int",
  expressShippingDays: "int",
  regulatoryRequirements: "json",
  importRestrictions: "json",
  exportRestrictions: "json",
  active: "flag",
};

export const CHANNEL_SPEC: Spec<SalesChannelInput> = {
  name: "text",
  channelType: "choice",
  market: "choice",
  commissionRate: "decimal",
  fulfillmentMethod: "choice",
  marketplaceId: "optionalText",
  fixedFeePerOrder: "decimal",
  fulfillmentFeePerUnit: "decimal",
  paymentTermsDays: "int",
  processingDays: "int",
  apiSettings: "json",
  conversionRate: "optionalDecimal",
  returnRate: "optionalDecimal",
  monthlyRevenueTarget: "optionalDecimal",
  active: "flag",
};

export const FX_SPEC: Spec<FxRateInput> = {
  base: "choice",
  quote: "choice",
  date: "date",
  rate: "decimal",
  source: "text",
};

function keys<I>(spec: Spec<I>): (keyof I & string)[] {
  return Object.keys(spec) as (keyof I & string)[];
}

/** A stored row's fields as form text. */
export function toForm<I>(spec: Spec<I>, input: I): FormOf<I> {
  const form: Record<string, string | boolean> = {};
  for (const key of keys(spec)) {
    const value = input[key] as unknown;
    form[key] = spec[key] === "flag" ? value === true : value == null ? "" : String(value);
  }
  return form as FormOf<I>;
}

// i32 on the Rust side: a larger number would not even reach the command.
const INT_MAX = 2_147_483_647;
// rust_decimal holds 28 significant digits; a longer figure would not reach the command either.
const DECIMAL_DIGITS = 28;

const REQUIRED: Partial<Record<FieldKind, string>> = { text: "Enter a value.", choice: "Choose one." };

/** One field's text as the value Rust takes, or what is wrong with it. */
function parseField(kind: FieldKind, raw: string | boolean): { value: unknown } | { error: string } {
  if (kind === "flag") return { value: raw === true };
  const text = String(raw).trim();
  switch (kind) {
    case "text":
    case "choice":
      return text ? { value: text } : { error: REQUIRED[kind] ?? "Enter a value." };
    case "optionalText":
      return { value: text || null };
    case "json":
      return { value: text };
    case "date":
      if (!text) return { error: "Enter a date, such as 2026-11-30." };
      return parseIsoDate(text) ? { value: text } : { error: "Enter a real date as YYYY-MM-DD, such as 2026-11-30." };
    case "decimal":
    case "optionalDecimal":
      if (!text) return kind === "optionalDecimal" ? { value: null } : { error: "Enter a number, such as 12.50." };
      if (!isDecimalString(text)) return { error: "Enter a number with a point for decimals, such as 12.50." };
      if (text.replace(/\D/g, "").length > DECIMAL_DIGITS) return { error: "Enter a shorter number." };
      return { value: text };
    case "int":
    case "optionalInt": {
      if (!text) return kind === "optionalInt" ? { value: null } : { error: "Enter a whole number." };
      if (!/^-?\d+$/.test(text)) return { error: "Enter a whole number, without decimals." };
      const n = Number(text);
      if (Math.abs(n) > INT_MAX) return { error: "Enter a smaller number." };
      return { value: n };
    }
  }
}

export type Parsed<I> = { ok: true; input: I } | { ok: false; errors: FieldErrors<I> };

/** The form as the input Rust takes, or the fields that are plainly not filled in right. */
export function parseForm<I>(spec: Spec<I>, form: FormOf<I>): Parsed<I> {
  const input: Record<string, unknown> = {};
  const errors: FieldErrors<I> = {};
  for (const key of keys(spec)) {
    const parsed = parseField(spec[key], form[key] as string | boolean);
    if ("error" in parsed) errors[key] = parsed.error;
    else input[key] = parsed.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input: input as I };
}

/** The first field, in form order, that has an error. */
export function firstError<I>(spec: Spec<I>, errors: FieldErrors<I>): (keyof I & string) | undefined {
  return keys(spec).find((k) => errors[k]);
}

/** A JSON text with its objects' keys sorted, so key order and layout do not count as a change. */
function canonicalJson(text: string): string | null {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  try {
    return JSON.stringify(sort(JSON.parse(text.trim() || "{}")));
  } catch {
    return null;
  }
}

/** Whether two form values of a field mean the same ("12.5" and "12.50" do). */
export function sameValue(kind: FieldKind, a: string | boolean, b: string | boolean): boolean {
  if (kind === "flag") return a === b;
  const x = String(a).trim();
  const y = String(b).trim();
  switch (kind) {
    case "decimal":
    case "optionalDecimal":
      return isDecimalString(x) && isDecimalString(y) ? compareDecimal(x, y) === 0 : x === y;
    case "int":
    case "optionalInt":
      return /^-?\d+$/.test(x) && /^-?\d+$/.test(y) ? Number(x) === Number(y) : x === y;
    case "json": {
      const cx = canonicalJson(x);
      return cx !== null ? cx === canonicalJson(y) : x === y;
    }
    default:
      return x === y;
  }
}

/** One field where the stored row and the form disagree. */
export interface FieldDiff<I> {
  field: keyof I & string;
  /** The stored value now, as form text. */
  theirs: string | boolean;
  /** What the user typed. */
  yours: string | boolean;
}

/** The fields, in form order, whose stored value (`theirs`) differs from the form (`yours`). */
export function diffFields<I>(spec: Spec<I>, theirs: I, yours: FormOf<I>): FieldDiff<I>[] {
  const stored = toForm(spec, theirs);
  return keys(spec)
    .filter((k) => !sameValue(spec[k], stored[k] as string | boolean, yours[k] as string | boolean))
    .map((k) => ({ field: k, theirs: stored[k] as string | boolean, yours: yours[k] as string | boolean }));
}
