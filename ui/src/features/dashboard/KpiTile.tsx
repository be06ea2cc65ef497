import { decimalSign, formatPercent, percentChange } from "../../shared/format";
import { useLocale } from "../../shared/locale";

export function KpiTile({
  label,
  testId,
  value,
  current,
  lastYear,
  lastYearText,
  changePct,
  note,
}: {
  label: string;
  testId: string;
  /** The formatted main figure. */
  value: string;
  /** Raw decimal strings, used only to work out the change. */
  current: string;
  lastYear: string | null;
  lastYearText: string | null;
  /** Change in percent from Rust when it sends one; otherwise computed exactly here. */
  changePct?: string | null;
  note?: string;
}) {
  const { locale } = useLocale();
  const change = changePct ?? percentChange(current, lastYear);
  const sign = change == null ? 0 : decimalSign(change);
  return (
    <article className="kpi" aria-labelledby={`${testId}-label`}>
      <h3 id={`${testId}-label`} className="kpi-label">
        {label}
      </h3>
      <p className="kpi-value" data-testid={testId}>
        {value}
      </p>
      <p className={`kpi-change ${sign > 0 ? "up" : sign < 0 ? "down" : "flat"}`}>
        {change == null ? (
          <span>No comparison: no sales in the same period last year</span>
        ) : (
          <>
            <span aria-hidden="true">{sign > 0 ? "▲" : sign < 0 ? "▼" : "■"}</span>{" "}
            {formatPercent(change, locale, { signed: true })} vs last year
            {lastYearText ? <span className="muted"> ({lastYearText})</span> : null}
          </>
        )}
      </p>
      {note ? <p className="kpi-note muted">{note}</p> : null}
    </article>
  );
}
