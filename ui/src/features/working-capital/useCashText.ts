import { useMemo } from "react";
import { formatMoney, formatNumber, formatPercent, formatShare } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import type { ChartText } from "./charts";
import { type Granularity, periodLabel, periodUnit, periodWhen, periodsText } from "./periods";

/**
 * The projection's figures formatted in the user's locale; amounts in `currency`, the base,
 * and periods named by `granularity` (months unless the projection is by week or day).
 */
export function useCashText(currency: string, granularity: Granularity = "month"): ChartText {
  const { locale } = useLocale();
  return useMemo(
    () => ({
      money: (amount: string) => formatMoney(amount, currency, locale),
      period: (first: string) => periodLabel(first, granularity, locale),
      when: (first: string) => periodWhen(first, granularity, locale),
      periods: (count: number) => periodsText(count, granularity, locale),
      unit: periodUnit(granularity),
      days: (days: string) => formatNumber(days, locale, 1),
      percent: (percent: string, digits?: number) => formatPercent(percent, locale, digits === undefined ? undefined : { digits }),
      share: (fraction: number) => formatShare(fraction, locale, { digits: 0 }),
      units: (units: string) => formatNumber(units, locale, 1),
      count: (n: number) => formatNumber(n, locale),
      // Axis ticks are plot numbers already; whole units read best in compact form.
      moneyAxis: (value: number) => formatMoney(value.toFixed(0), currency, locale, { compact: true }),
    }),
    [currency, granularity, locale],
  );
}
