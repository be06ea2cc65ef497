import { useMemo } from "react";
import { formatMoney, formatMonth, formatNumber, formatPercent, formatShare } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import type { ChartText } from "./charts";

/** The projection's figures formatted in the user's locale; amounts in `currency`, the base. */
export function useCashText(currency: string): ChartText {
  const { locale } = useLocale();
  return useMemo(
    () => ({
      money: (amount: string) => formatMoney(amount, currency, locale),
      month: (month: string) => formatMonth(month, locale),
      days: (days: string) => formatNumber(days, locale, 1),
      percent: (percent: string) => formatPercent(percent, locale),
      share: (fraction: number) => formatShare(fraction, locale, { digits: 0 }),
      count: (n: number) => formatNumber(n, locale),
      // Axis ticks are plot numbers already; whole units read best in compact form.
      moneyAxis: (value: number) => formatMoney(value.toFixed(0), currency, locale, { compact: true }),
    }),
    [currency, locale],
  );
}
