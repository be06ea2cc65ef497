import { useLocale } from "../../shared/locale";
import { Button, ErrorBanner } from "../../shared/ui";
import { STAGE_LABELS, progressCount, progressFraction, progressText } from "./run";
import type { RunStatus } from "./useForecastRun";

/** A running forecast: its stage, "n / total series", the series under way, a bar and Cancel. */
export function RunProgressView({ status, onCancel }: { status: Extract<RunStatus, { kind: "running" }>; onCancel: () => void }) {
  const { locale } = useLocale();
  const p = status.progress;
  const fraction = p ? progressFraction(p) : null;
  const count = p ? progressCount(p, locale) : null;
  return (
    <div className="banner banner-info" data-testid="forecast-progress" aria-busy="true">
      <p>
        <strong>Forecasting…</strong>{" "}
        <span role="status" data-testid="forecast-stage" data-stage={p?.stage ?? "starting"}>
          {p ? progressText(p, locale) : "Starting…"}
        </span>
      </p>
      {/* Without a value the bar is indeterminate: while the history is read there is no count yet. */}
      <progress
        max={1}
        {...(fraction === null ? {} : { value: fraction })}
        aria-label={p ? STAGE_LABELS[p.stage] : "Starting"}
        aria-valuetext={count ?? undefined}
        data-testid="forecast-progress-bar"
      />
      {count ? (
        <p className="muted" data-testid="forecast-progress-count">
          {count}
          {p?.current ? (
            <>
              {" · "}
              <span data-testid="forecast-progress-current">{p.current}</span>
            </>
          ) : null}
        </p>
      ) : null}
      {status.cancelError ? <ErrorBanner error={status.cancelError} testId="forecast-cancel-error" /> : null}
      <div className="form-actions">
        <Button variant="danger" onClick={onCancel} busy={status.cancelling} data-testid="forecast-cancel">
          {status.cancelling ? "Cancelling…" : "Cancel"}
        </Button>
      </div>
    </div>
  );
}
