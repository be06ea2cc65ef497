// Locale formatting for the whole UI. Money and quantities arrive from Rust as decimal strings
// (rust_decimal serialises as text) and calendar dates as "YYYY-MM-DD"; both are formatted here
// without ever going through a float or `new Date("YYYY-MM-DD")`, which would read the date as
// UTC midnight and show the previous day west of Greenwich.

/** A calendar date as sent over IPC: "YYYY-MM-DD". */
export type IsoDate = string;

export interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number;
}

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a plain decimal string such as "-1234.50". */
export function isDecimalString(value: string): boolean {
  return DECIMAL_RE.test(value);
}

// Intl.NumberFormat formats numeric strings exactly (ECMA-402 "Intl.NumberFormat v3",
// in WebKit, Chromium and V8); TypeScript's lib typing lags behind, hence the local type.
type DecimalFormatter = { format(value: string): string };

const numberFormatCache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): DecimalFormatter {
  const key = `${locale}|${JSON.stringify(options)}`;
  let nf = numberFormatCache.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, options);
    numberFormatCache.set(key, nf);
  }
  return nf as unknown as DecimalFormatter;
}

/** Placeholder shown for missing or malformed figures. */
export const NO_VALUE = "—";

/**
 * The one way to show money: `amount` is the decimal string from Rust, `currency` an ISO 4217
 * code. Never convert `amount` to a number first: that loses precision on large totals.
 */
export function formatMoney(amount: string, currency: string, locale: string, options?: { compact?: boolean }): string {
  if (!isDecimalString(amount)) return NO_VALUE;
  const opts: Intl.NumberFormatOptions = { style: "currency", currency };
  if (options?.compact) {
    opts.notation = "compact";
    opts.minimumFractionDigits = 0;
    opts.maximumFractionDigits = 1;
  }
  return numberFormat(locale, opts).format(amount);
}

/** A count or quantity, as a decimal string or an integer. */
export function formatNumber(value: string | number, locale: string, maximumFractionDigits = 0): string {
  const text = typeof value === "number" ? String(value) : value;
  if (!isDecimalString(text)) return NO_VALUE;
  return numberFormat(locale, { maximumFractionDigits }).format(text);
}

/**
 * An exchange rate ("1 EUR = 0.8512 GBP"): at least 4 decimals, as rates are quoted, and up
 * to the 8 Sentia stores (a rate inverted for conversion has more; it is rounded for display).
 */
export function formatFxRate(rate: string, locale: string): string {
  if (!isDecimalString(rate)) return NO_VALUE;
  return numberFormat(locale, { minimumFractionDigits: 4, maximumFractionDigits: 8 }).format(rate);
}

/** `percent` is already in percent units ("12.5" → "12.5%"); `signed` prefixes "+" on gains. */
export function formatPercent(percent: string, locale: string, options?: { signed?: boolean; digits?: number }): string {
  if (!isDecimalString(percent)) return NO_VALUE;
  const digits = options?.digits ?? 1;
  const fraction = shiftDecimal(percent, -2);
  return numberFormat(locale, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: options?.signed ? "exceptZero" : "auto",
  }).format(fraction);
}

/**
 * A fraction as a percentage: 0.253 → "25.3%". Accuracy figures (WAPE, bias) arrive from the
 * forecast engine as plain-number fractions of the units sold, not as decimal strings.
 * "—" for none (or NaN, ∞).
 */
export function formatShare(fraction: number | null | undefined, locale: string, options?: { signed?: boolean; digits?: number }): string {
  if (fraction == null || !Number.isFinite(fraction)) return NO_VALUE;
  const digits = options?.digits ?? 1;
  // toFixed gives a plain decimal below 1e21; beyond that formatPercent refuses it.
  return formatPercent((fraction * 100).toFixed(digits), locale, { ...options, digits });
}

/**
 * The difference of two fractions in percentage points, signed, to one decimal: 0.032 →
 * "+3.2 pts", -0.01 → "−1.0 pts", 0 → "0.0 pts". A change in an error rate (25 % → 22 %) is
 * 3 points, not 12 percent of it.
 */
export function formatPoints(fraction: number | null | undefined, locale: string): string {
  if (fraction == null || !Number.isFinite(fraction)) return NO_VALUE;
  // Rounded to tenths of a point first, so -0.0004 reads "0.0 pts" rather than "−0.0 pts".
  const tenths = Math.round(fraction * 1000);
  const text = numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format((Math.abs(tenths) / 10).toFixed(1));
  if (tenths === 0) return `${text} pts`;
  return `${tenths > 0 ? "+" : "\u2212"}${text} pts`;
}

/** Moves the decimal point of a decimal string by `places` (negative = divide by 10^n). */
export function shiftDecimal(value: string, places: number): string {
  const negative = value.startsWith("-");
  const [intPartRaw, fracPart = ""] = (negative ? value.slice(1) : value).split(".");
  const intPart = intPartRaw ?? "0";
  let digits = intPart + fracPart;
  let point = intPart.length + places;
  if (point <= 0) {
    digits = "0".repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits = digits + "0".repeat(point - digits.length);
  }
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, "");
  const frac = digits.slice(point).replace(/0+$/, "");
  const body = frac ? `${whole}.${frac}` : whole;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

/** Splits a decimal string into a scaled BigInt so that two values can be compared exactly. */
function toScaled(value: string, scale: number): bigint {
  const negative = value.startsWith("-");
  const [i = "0", f = ""] = (negative ? value.slice(1) : value).split(".");
  const frac = (f + "0".repeat(scale)).slice(0, scale);
  const n = BigInt(i + frac);
  return negative ? -n : n;
}

/**
 * Change from `previous` to `current` in percent, to one decimal place, computed exactly on
 * the decimal strings (BigInt), or null when there is no base (missing or zero last year).
 */
export function percentChange(current: string, previous: string | null | undefined): string | null {
  if (previous == null || !isDecimalString(current) || !isDecimalString(previous)) return null;
  const scale = Math.max(fractionLength(current), fractionLength(previous));
  const cur = toScaled(current, scale);
  const prev = toScaled(previous, scale);
  if (prev === 0n) return null;
  // (cur - prev) / |prev| * 100, kept in tenths of a percent, rounded half away from zero.
  const numerator = (cur - prev) * 1000n;
  const denominator = prev < 0n ? -prev : prev;
  const tenths = divRoundHalfAway(numerator, denominator);
  return shiftDecimal(tenths.toString(), -1);
}

/** `a − b` of two decimal strings, exactly (BigInt); null when either is not a decimal. */
export function subtractDecimal(a: string | null | undefined, b: string | null | undefined): string | null {
  if (a == null || b == null || !isDecimalString(a) || !isDecimalString(b)) return null;
  const scale = Math.max(fractionLength(a), fractionLength(b));
  return shiftDecimal((toScaled(a, scale) - toScaled(b, scale)).toString(), -scale);
}

/** The sum of decimal strings, exactly (BigInt); "0" for none, null when any is not a decimal. */
export function sumDecimals(values: readonly string[]): string | null {
  if (!values.every(isDecimalString)) return null;
  const scale = Math.max(0, ...values.map(fractionLength));
  const total = values.reduce((sum, v) => sum + toScaled(v, scale), 0n);
  return shiftDecimal(total.toString(), -scale);
}

/**
 * `part` as a percentage of `whole`, to one decimal place, computed exactly on the decimal
 * strings (a line's drawn amount of its limit); null when `whole` is zero or either is malformed.
 */
export function percentOf(part: string, whole: string): string | null {
  if (!isDecimalString(part) || !isDecimalString(whole)) return null;
  const scale = Math.max(fractionLength(part), fractionLength(whole));
  const p = toScaled(part, scale);
  const w = toScaled(whole, scale);
  if (w === 0n) return null;
  // part / whole × 100, kept in tenths of a percent.
  return shiftDecimal(divRoundHalfAway(p * 1000n, w < 0n ? -w : w).toString(), -1);
}

function fractionLength(value: string): number {
  const dot = value.indexOf(".");
  return dot < 0 ? 0 : value.length - dot - 1;
}

function divRoundHalfAway(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** -1, 0 or 1 for a decimal string, without converting to a float. */
export function decimalSign(value: string): -1 | 0 | 1 {
  if (!isDecimalString(value) || !/[1-9]/.test(value)) return 0;
  return value.startsWith("-") ? -1 : 1;
}

/**
 * Charts need numbers to place points. This is the only place a money string becomes a float,
 * and the result is used for plotting only, never for figures shown as text or for sums.
 */
export function toPlotNumber(value: string | null | undefined): number | null {
  if (value == null || !isDecimalString(value)) return null;
  return Number(value);
}

/** Parses "YYYY-MM-DD" field by field; returns null for anything else or impossible dates. */
export function parseIsoDate(value: IsoDate): CalendarDate | null {
  const m = ISO_DATE_RE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function toIsoDate(date: CalendarDate): IsoDate {
  const y = String(date.year).padStart(4, "0");
  const m = String(date.month).padStart(2, "0");
  const d = String(date.day).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC keeps it free of local offsets.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Formats a calendar date in `locale`. The date is placed at UTC noon and formatted in UTC, so
 * the day shown is the day sent, whatever the machine's zone.
 */
export function formatDate(value: IsoDate, locale: string, style: "medium" | "short" | "long" = "medium"): string {
  const d = parseIsoDate(value);
  if (!d) return NO_VALUE;
  const instant = Date.UTC(d.year, d.month - 1, d.day, 12);
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: "UTC" }).format(instant);
}

/** "Nov 2026" style label for a month; accepts "YYYY-MM" or "YYYY-MM-DD". */
export function formatMonth(value: string, locale: string): string {
  const d = parseIsoDate(value.length === 7 ? `${value}-01` : value);
  if (!d) return value;
  const instant = Date.UTC(d.year, d.month - 1, 15, 12);
  return new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(instant);
}

/**
 * An instant (RFC 3339 timestamp with an offset, as chrono's DateTime<Utc> serialises) shown
 * in the user's time zone. Date-only strings are refused: they are not instants.
 */
export function formatDateTime(value: string, locale: string, timeZone?: string): string {
  if (!/T\d{2}:\d{2}/.test(value) || !/(Z|[+-]\d{2}:?\d{2})$/.test(value)) return NO_VALUE;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return NO_VALUE;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    ...(timeZone ? { timeZone } : {}),
  }).format(ms);
}

/** The time of day of an instant ("14:02", "2:02 PM") in the user's locale and zone. */
export function formatTime(value: Date, locale: string, timeZone?: string): string {
  const ms = value.getTime();
  if (Number.isNaN(ms)) return NO_VALUE;
  return new Intl.DateTimeFormat(locale, { timeStyle: "short", ...(timeZone ? { timeZone } : {}) }).format(ms);
}

/** Today's calendar date in `timeZone` (the user's zone, not the machine's). */
export function todayIn(timeZone: string | undefined, now: Date = new Date()): CalendarDate {
  const parts = new Intl.DateTimeFormat("en-CA", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month"), day: get("day") };
}

/** Orders two decimal strings exactly (for table sorting); malformed values sort first. */
export function compareDecimal(a: string | null | undefined, b: string | null | undefined): number {
  const okA = a != null && isDecimalString(a);
  const okB = b != null && isDecimalString(b);
  if (!okA || !okB) return okA === okB ? 0 : okA ? 1 : -1;
  const scale = Math.max(fractionLength(a), fractionLength(b));
  const x = toScaled(a, scale);
  const y = toScaled(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rust words messages as clauses ("check the port"); the UI starts a sentence with them. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
