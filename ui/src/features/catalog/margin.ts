// A product's unit margin while its form is being typed. The stored figure is Rust's
// (`sentia_finance::UnitMargin::of`); this repeats its arithmetic exactly, on the decimal
// strings as scaled BigInts, so the live figure and the saved one agree to the last digit.

import { isDecimalString } from "../../shared/format";

export interface UnitMargin {
  /** Selling price less unit cost, in the prices' currency (as many decimals as the inputs). */
  amount: string;
  /** The amount as a share of the price (0.4 is 40 %), four decimals, half to even; "0.0000" for a zero price. */
  share: string;
}

/** The decimals after the point of a plain decimal string. */
function scaleOf(value: string): number {
  const dot = value.indexOf(".");
  return dot < 0 ? 0 : value.length - dot - 1;
}

/** `value` × 10^scale as an integer; `value` has at most `scale` decimals. */
function scaled(value: string, scale: number): bigint {
  const negative = value.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? value.slice(1) : value).split(".");
  const n = BigInt(whole + fraction.padEnd(scale, "0"));
  return negative ? -n : n;
}

/** An integer count of 10^-scale units as a decimal string with exactly `scale` decimals. */
function unscaled(n: bigint, scale: number): string {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(scale + 1, "0");
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

/** n / d rounded to an integer, a half to the even neighbour (rust_decimal's MidpointNearestEven). */
export function divideHalfEven(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError("division by zero");
  if (d < 0n) return divideHalfEven(-n, -d);
  const q = n / d; // truncates towards zero
  const r = n % d; // same sign as n
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < d || (twice === d && q % 2n === 0n)) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/**
 * The margin of selling at `price` what costs `cost`, or null while either is not a number
 * yet (an empty or half-typed field). Spaces around the figures are ignored.
 */
export function unitMargin(cost: string, price: string): UnitMargin | null {
  const c = cost.trim();
  const p = price.trim();
  if (!isDecimalString(c) || !isDecimalString(p)) return null;
  const scale = Math.max(scaleOf(c), scaleOf(p));
  const priceUnits = scaled(p, scale);
  const amountUnits = priceUnits - scaled(c, scale);
  // amount / price in ten-thousandths: both carry the same scale, which cancels out.
  const share = priceUnits === 0n ? 0n : divideHalfEven(amountUnits * 10_000n, priceUnits);
  return { amount: unscaled(amountUnits, scale), share: unscaled(share, 4) };
}
