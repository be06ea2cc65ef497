// Which drivers matter most to the company's cash: each driver a step down and up, and how far
// that moves the lowest net cash (cash less the line drawn). Pure, so it is tested without a window.

import type { DriverImpact, Sensitivity } from "../../lib/ipc";
import { subtractDecimal } from "../../shared/format";
import { driverName } from "./drivers";

/** One driver's swing, as the tornado draws it. */
export interface DriverSwing {
  /** Rust's name: "collectionDays". */
  driver: string;
  /** The user's: "Collection days". */
  label: string;
  /** The step each way, as Rust words it: "±5 %". */
  step: string;
  /** The lowest net cash a step down and up. */
  lowestDown: string;
  lowestUp: string;
  /** Their change from the lowest net cash as requested; null for a malformed figure. */
  down: string | null;
  up: string | null;
}

/** The drivers in Rust's order, the one that moves the lowest net cash most first. */
export function driverSwings(s: Pick<Sensitivity, "lowestCash" | "drivers">): DriverSwing[] {
  return s.drivers.map((d: DriverImpact) => ({
    driver: d.driver,
    label: driverName(d.driver),
    step: d.step,
    lowestDown: d.lowestCashDown,
    lowestUp: d.lowestCashUp,
    down: subtractDecimal(d.lowestCashDown, s.lowestCash),
    up: subtractDecimal(d.lowestCashUp, s.lowestCash),
  }));
}
