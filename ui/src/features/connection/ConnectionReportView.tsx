import type { ConnectionReport, ConnectionStage } from "../../lib/ipc";
import { capitalise, formatNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";

// The order in which Rust checks a connection; the failed stage is where it stopped.
const STAGES = [
  { id: "dns", label: "Find the server (DNS)" },
  { id: "connect", label: "Open a network connection" },
  { id: "tls", label: "Set up encryption (TLS)" },
  { id: "auth", label: "Sign in to the database" },
  { id: "serverVersion", label: "Check the PostgreSQL version" },
  { id: "migrations", label: "Check the database schema" },
] as const satisfies readonly { id: Exclude<ConnectionStage, "ok">; label: string }[];

/**
 * What a tested database's schema means for this version. Sentia never changes the schema:
 * neither testing nor saving the connection applies a migration, only IT's `sentia migrate`
 * does (the connection test reports pending ones as a failure for that reason).
 */
export function schemaAdvice(pendingMigrations: number, locale: string): string {
  if (pendingMigrations <= 0) return "The schema is up to date.";
  const updates = `${formatNumber(pendingMigrations, locale)} schema ${pendingMigrations === 1 ? "update" : "updates"}`;
  return (
    `The database is ${updates} behind this version of Sentia. Saving the connection does not apply ` +
    `${pendingMigrations === 1 ? "it" : "them"}: Sentia never changes the schema itself. Ask IT to run ` +
    "`sentia migrate` against this database."
  );
}

/** The advice under a report: how the schema stands, or Rust's advice on the failed stage. */
export function reportAdvice(
  report: Pick<ConnectionReport, "ok" | "pendingMigrations" | "advice">,
  locale: string,
): string | null {
  if (report.ok || report.pendingMigrations > 0) return schemaAdvice(report.pendingMigrations, locale);
  return report.advice ? capitalise(report.advice) + "." : null;
}

export function ConnectionReportView({ report }: { report: ConnectionReport }) {
  const { locale } = useLocale();
  const failedAt = report.ok ? STAGES.length : STAGES.findIndex((s) => s.id === report.stage);
  const advice = reportAdvice(report, locale);
  return (
    <div
      className={`banner ${report.ok ? "banner-success" : "banner-error"}`}
      role={report.ok ? "status" : "alert"}
      data-testid="conn-report"
      data-ok={report.ok}
      data-stage={report.stage}
    >
      <p>
        <strong>{report.ok ? "Connection works." : `Failed at: ${STAGES[failedAt]?.label ?? report.stage}.`}</strong>{" "}
        {report.message}
      </p>
      <ol className="stage-list">
        {STAGES.map((stage, i) => {
          const state = i < failedAt ? "passed" : i === failedAt ? "failed" : "skipped";
          return (
            <li key={stage.id} className={`stage stage-${state}`}>
              <span aria-hidden="true">{state === "passed" ? "✓" : state === "failed" ? "✗" : "·"}</span> {stage.label}
              <span className="visually-hidden">
                {state === "passed" ? " — passed" : state === "failed" ? " — failed" : " — not reached"}
              </span>
            </li>
          );
        })}
      </ol>
      {advice ? (
        <p>
          {report.ok && report.serverVersion ? `PostgreSQL ${report.serverVersion}. ` : null}
          {advice}
        </p>
      ) : null}
    </div>
  );
}
