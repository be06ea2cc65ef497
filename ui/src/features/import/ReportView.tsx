import type { ImportMode, ImportReport } from "../../lib/ipc";
import { formatNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { ErrorsTable } from "./ErrorsTable";
import { LAYOUT_LABELS, QUALITY_HELP, flagLines, outcomeText, outcomeTone, periodText, qualityText, secondsText } from "./report";

/** What a check or an import found: the outcome, the counts, the quality and the row errors. */
export function ReportView({ report, mode }: { report: ImportReport; mode: ImportMode }) {
  const { locale } = useLocale();
  const tone = outcomeTone(report, mode);
  const flags = flagLines(report.flags, locale);
  return (
    <section
      id="import-report"
      aria-labelledby="import-report-heading"
      tabIndex={-1}
      data-region=""
      data-testid="import-report"
      data-outcome={report.outcome}
    >
      <h2 id="import-report-heading">
        {report.outcome === "checked" ? "Check of" : "Import of"} {report.file}
      </h2>
      <p
        className={`banner banner-${tone}`}
        role={tone === "error" ? "alert" : "status"}
        data-testid="import-outcome"
      >
        {outcomeText(report, mode, locale)}
      </p>
      <div className="kpi-strip" data-testid="import-counts">
        <Count label="Rows read" value={report.rowsRead} testId="import-count-read" />
        <Count label="Valid" value={report.rowsValid} testId="import-count-valid" />
        <Count label="With errors" value={report.rowsRejected} testId="import-count-rejected" />
        <Count label="Skipped (not sales)" value={report.rowsSkipped} testId="import-count-skipped" />
        <div className="kpi">
          <p className="kpi-label">Data quality</p>
          <p className="kpi-value" data-testid="import-quality">
            {qualityText(report.quality, locale)}
          </p>
          <p className="kpi-change muted">{QUALITY_HELP}</p>
        </div>
      </div>
      <dl className="read-only-facts" data-testid="import-facts">
        <dt>Layout</dt>
        <dd data-testid="import-layout-found">{LAYOUT_LABELS[report.layout]}</dd>
        <dt>Period covered</dt>
        <dd data-testid="import-period">{periodText(report.period, locale)}</dd>
        <dt>Quality flags</dt>
        <dd data-testid="import-flags">
          {flags.length === 0 ? (
            "None"
          ) : (
            <ul className="stage-list">
              {flags.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Took</dt>
        <dd data-testid="import-seconds">{secondsText(report.seconds, locale)}</dd>
      </dl>
      {report.errors.length > 0 ? (
        <>
          <h3>Rows with errors</h3>
          <ErrorsTable file={report.file} errors={report.errors} total={report.rowsRejected} caption={`Rows of ${report.file} with errors`} />
        </>
      ) : null}
    </section>
  );
}

function Count({ label, value, testId }: { label: string; value: number; testId: string }) {
  const { locale } = useLocale();
  return (
    <div className="kpi">
      <p className="kpi-label">{label}</p>
      <p className="kpi-value" data-testid={testId}>
        {formatNumber(value, locale)}
      </p>
    </div>
  );
}
