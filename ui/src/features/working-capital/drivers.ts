// The "what if" inputs of a cash projection as typed, checked and turned into a request. Pure,
// so the rules are tested without a window.

import type { CashRequest, DriverChanges, Granularity } from "../../lib/ipc";
import { compareDecimal, decimalSign, formatNumber, formatPercent, shiftDecimal } from "../../shared/format";

/** The drivers as typed: percentages, days and points, each empty for "no change". */
export interface DriverFields {
  price: string;
  cost: string;
  demand: string;
  collectionDays: string;
  paymentDays: string;
  inventoryDays: string;
  badDebt: string;
  fx: string;
}

export type DriverField = keyof DriverFields;
export type DriverErrors = Partial<Record<DriverField, string>>;

/** Nothing changed on top of the scenario. */
export const NO_CHANGE: DriverFields = {
  price: "",
  cost: "",
  demand: "",
  collectionDays: "",
  paymentDays: "",
  inventoryDays: "",
  badDebt: "",
  fx: "",
};

/** How an input is read: a percentage or percentage points (up to two decimals), or whole days. */
type DriverKind = "percent" | "points" | "days";

export interface DriverSpec {
  field: DriverField;
  label: string;
  hint: string;
  testId: string;
  kind: DriverKind;
  /** Inclusive bounds, as typed (percent, points or days). */
  min: string;
  max: string;
}

// Rust refuses an FX change of −100 % or less and above +100 %, and a bad-debt rate outside
// 0–100 % once the scenario's is added; the other bounds keep a typo from projecting nonsense.
export const DRIVERS: readonly DriverSpec[] = [
  {
    field: "price",
    label: "Price (%)",
    hint: "Change to every selling price: 5 is 5% higher. Revenue is after channel commission and fees.",
    testId: "wc-driver-price",
    kind: "percent",
    min: "-99",
    max: "200",
  },
  {
    field: "cost",
    label: "Unit cost (%)",
    hint: "Change to every product's unit cost, and so to COGS and purchases.",
    testId: "wc-driver-cost",
    kind: "percent",
    min: "-99",
    max: "200",
  },
  {
    field: "demand",
    label: "Demand (%)",
    hint: "Change to the units forecast (or sold last year) in every month.",
    testId: "wc-driver-demand",
    kind: "percent",
    min: "-100",
    max: "200",
  },
  {
    field: "collectionDays",
    label: "Collection days (±)",
    hint: "Days added to every channel's settlement terms; negative: customers' money arrives sooner.",
    testId: "wc-driver-collection-days",
    kind: "days",
    min: "-365",
    max: "365",
  },
  {
    field: "paymentDays",
    label: "Payment days (±)",
    hint: "Days added to the supplier terms; positive: suppliers are paid later.",
    testId: "wc-driver-payment-days",
    kind: "days",
    min: "-365",
    max: "365",
  },
  {
    field: "inventoryDays",
    label: "Inventory days (±)",
    hint: "Days added to the stock cover that purchases keep (never below none).",
    testId: "wc-driver-inventory-days",
    kind: "days",
    min: "-365",
    max: "365",
  },
  {
    field: "badDebt",
    label: "Bad debt (pp)",
    hint: "Percentage points added to the share of sales never collected: 1 is 1 point more.",
    testId: "wc-driver-bad-debt",
    kind: "points",
    min: "-100",
    max: "100",
  },
  {
    field: "fx",
    label: "FX change (%)",
    hint: "Foreign currencies stronger (+) or weaker (−) against the base currency, for every market's figures.",
    testId: "wc-driver-fx",
    kind: "percent",
    min: "-99",
    max: "100",
  },
];

/** The drivers as Rust takes them: shares and points as decimal fractions, days as integers. */
export interface AppliedDrivers {
  drivers: DriverChanges;
  fxChange: string;
}

export const NO_DRIVERS: AppliedDrivers = {
  drivers: { price: "0", cost: "0", demand: "0", collectionDays: 0, paymentDays: 0, inventoryDays: 0, badDebt: "0" },
  fxChange: "0",
};

const DECIMAL_INPUT_RE = /^[+-]?\d{1,4}(\.\d{1,2})?$/;
const DAYS_INPUT_RE = /^[+-]?\d{1,3}$/;

/** The typed text as a plain decimal: trimmed, a typographic minus and a decimal comma accepted. */
function normalised(typed: string): string {
  return typed.trim().replace(/\u2212/g, "-").replace(",", ".");
}

/** "−99" for messages: a real minus sign, and a plus on positive bounds. */
function bound(value: string): string {
  return value.startsWith("-") ? `\u2212${value.slice(1)}` : `+${value}`;
}

function rangeError(spec: DriverSpec): string {
  const range = `from ${bound(spec.min)} to ${bound(spec.max)}`;
  switch (spec.kind) {
    case "percent":
      return `Enter a percentage ${range}, with up to 2 decimals.`;
    case "points":
      return `Enter percentage points ${range}, with up to 2 decimals.`;
    case "days":
      return `Enter whole days ${range}.`;
  }
}

/** One input's value in its own unit ("5", "-2.5", "7"), "0" when empty, or null when invalid. */
export function parseDriver(spec: DriverSpec, typed: string): string | null {
  const text = normalised(typed);
  if (text === "") return "0";
  const pattern = spec.kind === "days" ? DAYS_INPUT_RE : DECIMAL_INPUT_RE;
  if (!pattern.test(text)) return null;
  // shiftDecimal by nothing drops a plus, leading zeros and "-0".
  const value = shiftDecimal(text.replace(/^\+/, ""), 0);
  if (compareDecimal(value, spec.min) < 0 || compareDecimal(value, spec.max) > 0) return null;
  return value;
}

/** The typed drivers as Rust takes them, or what is wrong with each input. */
export function parseDrivers(fields: DriverFields): { applied: AppliedDrivers } | { errors: DriverErrors } {
  const errors: DriverErrors = {};
  const values: Partial<Record<DriverField, string>> = {};
  for (const spec of DRIVERS) {
    const value = parseDriver(spec, fields[spec.field]);
    if (value === null) errors[spec.field] = rangeError(spec);
    else values[spec.field] = value;
  }
  if (Object.keys(errors).length > 0) return { errors };
  const share = (field: DriverField) => shiftDecimal(values[field] ?? "0", -2);
  const days = (field: DriverField) => Number(values[field] ?? "0");
  return {
    applied: {
      drivers: {
        price: share("price"),
        cost: share("cost"),
        demand: share("demand"),
        collectionDays: days("collectionDays"),
        paymentDays: days("paymentDays"),
        inventoryDays: days("inventoryDays"),
        badDebt: share("badDebt"),
      },
      fxChange: share("fx"),
    },
  };
}

export function sameDrivers(a: AppliedDrivers, b: AppliedDrivers): boolean {
  const x = a.drivers;
  const y = b.drivers;
  return (
    a.fxChange === b.fxChange &&
    x.price === y.price &&
    x.cost === y.cost &&
    x.demand === y.demand &&
    x.collectionDays === y.collectionDays &&
    x.paymentDays === y.paymentDays &&
    x.inventoryDays === y.inventoryDays &&
    x.badDebt === y.badDebt
  );
}

/** True when nothing is typed, so Reset has nothing to undo. */
export function isUnchanged(fields: DriverFields): boolean {
  return DRIVERS.every((d) => fields[d.field].trim() === "");
}

/** Demand paths the shortfall risk simulates when asked for. */
export const SIMULATIONS = 500;

/** The horizons offered; Rust projects 1–36 months. */
export const MONTH_CHOICES = [12, 24, 36] as const;
export const DEFAULT_MONTHS = 24;
export const DEFAULT_SCENARIO = "Base";

/** What the controls ask for. */
export interface Controls {
  scenario: string;
  /** The horizon of a monthly projection; weeks and days have their own. */
  months: number;
  /** Months, 13 weeks or 30 days. */
  granularity: Granularity;
  simulate: boolean;
}

/**
 * The request for `scenario` under the controls and drivers; the risk only when simulated.
 * The months chosen go with a weekly or daily request too (Rust checks them either way, and a
 * saved projection keeps them), though only a monthly one projects them.
 */
export function cashRequest(controls: Controls, applied: AppliedDrivers, scenario: string = controls.scenario, simulate: boolean = controls.simulate): CashRequest {
  return {
    scenario,
    drivers: applied.drivers,
    fxChange: applied.fxChange,
    months: controls.months,
    granularity: controls.granularity,
    simulations: simulate ? SIMULATIONS : 0,
  };
}

/** The cache key of a projection: the comparison reuses what the main view already loaded. */
export function projectionKey(request: CashRequest): readonly unknown[] {
  return ["working-capital", "projection", request];
}

/** The cache key of the drivers that matter most under a request. */
export function sensitivityKey(request: CashRequest): readonly unknown[] {
  return ["working-capital", "sensitivity", request];
}

/** The cache key of the products' figures under a request. */
export function productsKey(request: CashRequest): readonly unknown[] {
  return ["working-capital", "products", request];
}

/**
 * A driver as Rust names it in a sensitivity ("collectionDays", "fx"), in the words of its
 * input without the unit: "Collection days", "FX change". One Rust adds later still reads.
 */
export function driverName(driver: string): string {
  const spec = DRIVERS.find((d) => d.field === driver);
  if (spec) return spec.label.replace(/\s*\([^)]*\)$/, "");
  const words = driver.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Rust's names of the request's fields, for a refusal it words about one of them. */
export const FIELD_OF: Partial<Record<string, DriverField>> = { fxChange: "fx" };

/** How each driver reads in a summary, in the order of the inputs. */
const SUMMARY_PARTS: readonly { label: string; kind: DriverKind; get: (a: AppliedDrivers) => string | number }[] = [
  { label: "price", kind: "percent", get: (a) => a.drivers.price },
  { label: "unit cost", kind: "percent", get: (a) => a.drivers.cost },
  { label: "demand", kind: "percent", get: (a) => a.drivers.demand },
  { label: "collection", kind: "days", get: (a) => a.drivers.collectionDays },
  { label: "payment", kind: "days", get: (a) => a.drivers.paymentDays },
  { label: "inventory", kind: "days", get: (a) => a.drivers.inventoryDays },
  { label: "bad debt", kind: "points", get: (a) => a.drivers.badDebt },
  { label: "FX", kind: "percent", get: (a) => a.fxChange },
];

/** "+5" for a positive figure as the locale writes it; the locale's own minus otherwise. */
function signed(value: string, text: string): string {
  return decimalSign(value) > 0 ? `+${text}` : text;
}

/**
 * The drivers that change something, in words: ["demand +5%", "collection +7 d"]; none when
 * the scenario applies as it is. Shares and points arrive as fractions ("0.05").
 */
export function driverChanges(applied: AppliedDrivers, locale: string): string[] {
  return SUMMARY_PARTS.flatMap(({ label, kind, get }) => {
    const raw = String(get(applied));
    if (decimalSign(raw) === 0) return [];
    if (kind === "days") return [`${label} ${signed(raw, formatNumber(raw, locale))} d`];
    const percent = shiftDecimal(raw, 2);
    const decimals = Math.min(percent.split(".")[1]?.length ?? 0, 2);
    if (kind === "points") return [`${label} ${signed(percent, formatNumber(percent, locale, 2))} pp`];
    return [`${label} ${formatPercent(percent, locale, { signed: true, digits: decimals })}`];
  });
}

/** The changed drivers joined for one line, or what says there are none. */
export function driversText(applied: AppliedDrivers, locale: string): string {
  const changes = driverChanges(applied, locale);
  return changes.length > 0 ? changes.join(", ") : "no driver changes";
}
