import { type ReactNode, useId, useState } from "react";
import type { UserError } from "../../shared/errors";
import { useLocale } from "../../shared/locale";
import { Button, ErrorBanner, SelectField, TextField } from "../../shared/ui";
import {
  type AppliedDrivers,
  type Controls,
  DRIVERS,
  type DriverErrors,
  type DriverField,
  type DriverFields,
  MONTH_CHOICES,
  SIMULATIONS,
  driversText,
  isUnchanged,
} from "./drivers";
import { GRANULARITIES, periodCount, periodsText } from "./periods";

/**
 * The scenario, periods, horizon and risk simulation, which apply at once, and the "what if" drivers on
 * top of the scenario, which apply once typing pauses. Folded by default into one line that
 * says what is projected, so that the key figures come first; "Adjust drivers" unfolds it, and
 * an input Rust or the checks refuse unfolds it too. Nothing here is saved.
 */
export function CashControls({
  scenarios,
  scenariosError,
  onRetryScenarios,
  controls,
  onControls,
  fields,
  onField,
  onReset,
  errors,
  controlErrors,
  updating,
  applied,
  actions,
}: {
  scenarios: readonly string[];
  scenariosError: UserError | null;
  onRetryScenarios: () => void;
  controls: Controls;
  onControls: (controls: Controls) => void;
  fields: DriverFields;
  onField: (field: DriverField, value: string) => void;
  onReset: () => void;
  errors: DriverErrors;
  /** Rust's refusal of the scenario or the months, worded. */
  controlErrors: { scenario?: string; months?: string };
  updating: boolean;
  /** The drivers the figures are worked out with, for the folded summary. */
  applied: AppliedDrivers;
  /** Buttons beside the toggle (saving the projection). */
  actions?: ReactNode;
}) {
  const { locale } = useLocale();
  const bodyId = useId();
  const [expanded, setExpanded] = useState(false);
  // A newly refused input unfolds the controls, so that its message is seen where it is fixed.
  const problems = Object.keys(errors).length + (controlErrors.scenario ? 1 : 0) + (controlErrors.months ? 1 : 0);
  const [seenProblems, setSeenProblems] = useState(problems);
  if (problems !== seenProblems) {
    setSeenProblems(problems);
    if (problems > seenProblems) setExpanded(true);
  }
  // The scenario asked for stays selectable while the list loads or if it failed.
  const names = scenarios.includes(controls.scenario) ? scenarios : [controls.scenario, ...scenarios];
  return (
    <section className="panel wc-controls" aria-labelledby="wc-controls-heading" data-region="" tabIndex={-1} data-expanded={expanded ? "true" : "false"}>
      <header className="panel-header wc-controls-header">
        <h2 id="wc-controls-heading">Scenario and drivers</h2>
        <p className="wc-controls-summary" data-testid="wc-controls-summary">
          <strong>{controls.scenario}</strong> scenario · {periodsText(periodCount(controls.granularity, controls.months), controls.granularity, locale)} ·{" "}
          {driversText(applied, locale)}
          {controls.simulate ? " · shortfall risk simulated" : ""}
          {problems > 0 && !expanded ? (
            <span className="tag tag-bad" data-testid="wc-controls-problems">
              {problems === 1 ? "1 input to correct" : `${problems} inputs to correct`}
            </span>
          ) : null}
        </p>
        <span className="muted wc-updating" role="status" data-testid="wc-updating" data-active={updating ? "true" : "false"}>
          {updating ? "Updating the projection…" : ""}
        </span>
        <div className="panel-actions">
          <Button
            variant="secondary"
            className="wc-toggle"
            aria-expanded={expanded}
            aria-controls={bodyId}
            onClick={() => setExpanded((e) => !e)}
            data-testid="drivers-toggle"
          >
            <span className="wc-toggle-icon" aria-hidden="true" />
            Adjust drivers
          </Button>
          {actions}
        </div>
      </header>
      {scenariosError ? <ErrorBanner error={scenariosError} onRetry={onRetryScenarios} testId="wc-scenarios-error" /> : null}
      {/* Folded, not unmounted: the typed drivers keep their text and the figures keep following them. */}
      <div id={bodyId} className="wc-controls-body" hidden={!expanded} data-testid="wc-controls-body">
        <form className="filters" aria-label="Scenario" onSubmit={(e) => e.preventDefault()} noValidate>
          <SelectField
            label="Scenario"
            hint="Each scenario sets demand and terms; the drivers below apply on top of it."
            value={controls.scenario}
            onChange={(e) => onControls({ ...controls, scenario: e.target.value })}
            error={controlErrors.scenario}
            data-testid="wc-scenario"
          >
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </SelectField>
          <div className="field">
            <fieldset className="segmented wc-granularity" aria-describedby={`${bodyId}-granularity-hint`} data-testid="wc-granularity">
              <legend>Periods</legend>
              {GRANULARITIES.map((g) => (
                <label key={g.id} className={controls.granularity === g.id ? "is-selected" : undefined}>
                  <input
                    type="radio"
                    name={`${bodyId}-granularity`}
                    value={g.id}
                    checked={controls.granularity === g.id}
                    onChange={() => onControls({ ...controls, granularity: g.id })}
                    data-testid={`wc-granularity-${g.id}`}
                  />
                  {g.label}
                </label>
              ))}
            </fieldset>
            <p className="field-hint" id={`${bodyId}-granularity-hint`}>
              {GRANULARITIES.find((g) => g.id === controls.granularity)?.hint}
            </p>
          </div>
          <SelectField
            label="Months"
            hint={controls.granularity === "month" ? "How far ahead the projection runs." : "Weeks and days run a fixed horizon; the months apply to months."}
            disabled={controls.granularity !== "month"}
            value={String(controls.months)}
            onChange={(e) => onControls({ ...controls, months: Number(e.target.value) })}
            error={controlErrors.months}
            data-testid="wc-months"
          >
            {MONTH_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n} months
              </option>
            ))}
          </SelectField>
          <div className="field">
            <label className="checkbox-row">
              <input
                type="checkbox"
                checked={controls.simulate}
                onChange={(e) => onControls({ ...controls, simulate: e.target.checked })}
                aria-describedby="wc-simulate-hint"
                data-testid="wc-simulate"
              />
              Simulate shortfall risk
            </label>
            <p className="field-hint" id="wc-simulate-hint">
              {SIMULATIONS} demand paths within the forecasts' ranges give each month's chance of running short; it takes longer.
            </p>
          </div>
        </form>
        <form className="wc-drivers" aria-label="What if" onSubmit={(e) => e.preventDefault()} noValidate>
          {DRIVERS.map((d) => (
            <TextField
              key={d.field}
              label={d.label}
              value={fields[d.field]}
              onChange={(e) => onField(d.field, e.target.value)}
              placeholder="0"
              autoComplete="off"
              hint={d.hint}
              error={errors[d.field]}
              data-testid={d.testId}
            />
          ))}
        </form>
        <div className="form-actions">
          <Button onClick={onReset} disabled={isUnchanged(fields)} data-testid="wc-reset">
            Reset the drivers
          </Button>
          <span className="muted">Empty is no change. The figures follow as you type.</span>
        </div>
      </div>
    </section>
  );
}
