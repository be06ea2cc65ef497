import { decimalSign, formatNumber, formatPercent } from "../../shared/format";
import { useLocale } from "../../shared/locale";

/**
 * One KPI: the figure, and how it compares with the same period last year. `change` is the
 * decimal string Rust computed (percent, or percentage points for a margin).
 */
export function KpiTile({
  label,
  testId,
  value,
  change,
  changeUnit,
  lastYearText,
}: {
  label: string;
  testId: string;
  /** The formatted main figure. */
  value: string;
  change: string | null;
  changeUnit: "percent" | "points";
  lastYearText: string | null;
}) {
  const { locale } = useLocale();
  const sign = change == null ? 0 : decimalSign(change);
  const changeText =
    change == null
      ? null
      : changeUnit === "percent"
        ? formatPercent(change, locale, { signed: true })
        : `${sign > 0 ? "+" : ""}${formatNumber(change, locale, 1)} pts`;
  return (
    <article className="kpi" aria-labelledby={`${testId}-label`}>
      <h3 id={`${testId}-label`} className="kpi-label">
        {label}
      </h3>
      <p className="kpi-value" data-testid={testId}>
        {value}
      </p>
      <p className={`kpi-change ${sign > 0 ? "up" : sign < 0 ? "down" : "flat"}`} data-testid={`${testId}-change`}>
        {changeText == null ? (
          <span>{lastYearText ? `Last year: ${lastYearText}` : "No sales in the same period last year to compare with"}</span>
        ) : (
          <>
            <span aria-hidden="true">{sign > 0 ? "▲" : sign < 0 ? "▼" : "■"}</span> {changeText} vs last year
            {lastYearText ? <span className="muted"> ({lastYearText})</span> : null}
          </>
        )}
      </p>
    </article>
  );
}
