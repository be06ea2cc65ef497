import { type FormEvent, useRef, useState } from "react";
import { type Bucket, type Reconciliation, commands } from "../../lib/ipc";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { Button, ErrorBanner, Field, SelectField, TextField } from "../../shared/ui";
import { elapsedText, horizonText, seriesText } from "./figures";
import { RunProgressView } from "./RunProgressView";
import { CATEGORIES, MAX_HORIZON, MODELS, NEW_RUN, RECONCILIATIONS, type RunForm, scopeSummary, toRunRequest } from "./run";
import { type ScopeOption, channelOptions, marketOptions, productOptions, toggle } from "./scope";
import type { useForecastRun } from "./useForecastRun";

type Runner = ReturnType<typeof useForecastRun>;

/**
 * What to forecast and how: the scope (each list empty means all), weeks or months, how far
 * ahead and which model. Submitting the form (Enter in the horizon, or "Run forecast") starts
 * the run; its progress and Cancel show here while the rest of the screen stays usable.
 */
export function RunPanel({ runner }: { runner: Runner }) {
  const { locale } = useLocale();
  const [form, setForm] = useState<RunForm>(NEW_RUN);
  const [horizonError, setHorizonError] = useState<string | undefined>(undefined);
  const horizonField = useRef<HTMLInputElement>(null);
  const products = useCommandQuery(["catalog", "products"], commands.listProducts, "load the products");
  const channels = useCommandQuery(["catalog", "channels"], commands.listChannels, "load the sales channels");
  const markets = useCommandQuery(["catalog", "markets"], commands.listMarkets, "load the markets");
  const { status } = runner;
  const running = status.kind === "running";

  const set = (patch: Partial<RunForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (running) return;
    const built = toRunRequest(form);
    if ("horizonError" in built) {
      setHorizonError(built.horizonError);
      horizonField.current?.focus();
      return;
    }
    setHorizonError(undefined);
    void runner.run(built.request);
  };

  const catalogError = products.error ?? channels.error ?? markets.error;

  return (
    <section id="forecast-new" className="panel" aria-labelledby="forecast-new-heading" tabIndex={-1} data-region="" data-testid="forecast-new">
      <header className="panel-header">
        <h2 id="forecast-new-heading">New forecast</h2>
      </header>
      {catalogError ? <ErrorBanner error={catalogError} testId="forecast-catalog-error" /> : null}
      <form onSubmit={submit} noValidate data-testid="forecast-run-form">
        <fieldset className="form-fieldset" disabled={running}>
          <div className="form-grid">
            <CheckboxGroup
              legend="Categories"
              options={CATEGORIES.map((c) => ({ value: c, label: c }))}
              chosen={form.categories}
              onChange={(categories) => set({ categories })}
              testId="forecast-category"
            />
            <CheckboxGroup
              legend="Markets"
              options={marketOptions(markets.data ?? [], form.markets)}
              chosen={form.markets}
              onChange={(values) => set({ markets: values })}
              testId="forecast-market"
              loading={markets.loading}
            />
            <MultiSelect
              label="Channels"
              options={channelOptions(channels.data ?? [], form)}
              chosen={form.channels}
              onChange={(values) => set({ channels: values })}
              testId="forecast-channels"
            />
            <MultiSelect
              label="Products"
              options={productOptions(products.data ?? [], form)}
              chosen={form.products}
              onChange={(values) => set({ products: values })}
              testId="forecast-products"
            />
          </div>
          <p className="muted" data-testid="forecast-scope-summary">
            Scope: {scopeSummary(form, locale)}. Each list left empty means all; a series must match every list that is not.
          </p>
          <div className="form-grid">
            <SelectField
              label="Periods"
              value={form.bucket}
              onChange={(e) => set({ bucket: e.target.value as Bucket })}
              data-testid="forecast-bucket"
            >
              <option value="month">Months</option>
              <option value="week">Weeks</option>
            </SelectField>
            <TextField
              ref={horizonField}
              label="Horizon"
              hint={`Periods ahead, 1–${MAX_HORIZON}; empty uses the default from the settings.`}
              value={form.horizon}
              onChange={(e) => {
                setHorizonError(undefined);
                set({ horizon: e.target.value });
              }}
              inputMode="numeric"
              autoComplete="off"
              placeholder="Default"
              error={horizonError}
              data-testid="forecast-horizon"
            />
            <SelectField
              label="Model"
              hint="Auto tries several models on each series' own history and keeps the one that forecast it best."
              value={form.model}
              onChange={(e) => set({ model: e.target.value })}
              className="span-2"
              data-testid="forecast-model"
            >
              {MODELS.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Totals"
              hint="MinT also forecasts every total (all, category, market, channel, product) from its own history, then moves the series so that all levels agree, each level counting as much as its backtest errors allow. In backtests on the demo company it beat bottom-up at every level; on sporadic demand it ties. It forecasts the totals too, so it takes longer, and needs two years of history plus three periods and a horizon of three or more."
              value={form.reconciliation}
              onChange={(e) => set({ reconciliation: e.target.value as Reconciliation })}
              className="span-2"
              data-testid="forecast-reconciliation"
            >
              {RECONCILIATIONS.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </SelectField>
          </div>
        </fieldset>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={running} data-testid="forecast-run">
            {running ? "Running…" : "Run forecast"}
          </Button>
        </div>
      </form>
      {status.kind === "running" ? <RunProgressView status={status} onCancel={() => void runner.cancel()} /> : null}
      {status.kind === "finished" ? (
        <p className="banner banner-success" role="status" data-testid="forecast-run-done">
          Forecast ready: {seriesText(status.run.seriesCount, locale)}, {horizonText(status.run.bucket, status.run.horizon, locale)} ahead, in{" "}
          {elapsedText(status.run.elapsedMs, locale)}. Its series are listed below.
        </p>
      ) : null}
      {status.kind === "cancelled" ? (
        <p className="banner banner-info" role="status" data-testid="forecast-cancelled">
          Forecast run cancelled; nothing was written.
        </p>
      ) : null}
      {status.kind === "failed" ? <ErrorBanner error={status.error} testId="forecast-run-error" /> : null}
    </section>
  );
}

/** A short list (categories, markets) as checkboxes: each can be reached and ticked with the keyboard. */
function CheckboxGroup({
  legend,
  options,
  chosen,
  onChange,
  testId,
  loading = false,
}: {
  legend: string;
  options: ScopeOption[];
  chosen: string[];
  onChange: (values: string[]) => void;
  testId: string;
  loading?: boolean;
}) {
  return (
    <fieldset className="form-fieldset field" data-testid={`${testId}-group`}>
      <legend>
        <strong>{legend}</strong> <span className="muted">{chosen.length > 0 ? `(${chosen.length} chosen)` : "(all)"}</span>
      </legend>
      {options.map((o) => (
        <label key={o.value} className="checkbox-row">
          <input
            type="checkbox"
            value={o.value}
            checked={chosen.includes(o.value)}
            onChange={(e) => onChange(toggle(chosen, o.value, e.target.checked))}
            data-testid={testId}
          />
          {o.label}
        </label>
      ))}
      {options.length === 0 ? <p className="field-hint">{loading ? "Loading…" : "None to choose from."}</p> : null}
    </fieldset>
  );
}

/** A longer list (channels, products) as a native multiple select, which the keyboard can also drive. */
function MultiSelect({
  label,
  options,
  chosen,
  onChange,
  testId,
}: {
  label: string;
  options: ScopeOption[];
  chosen: string[];
  onChange: (values: string[]) => void;
  testId: string;
}) {
  return (
    <Field
      label={label}
      hint={
        <span>
          {chosen.length > 0 ? `${chosen.length} chosen. ` : "All. "}
          Ctrl-click (⌘-click on a Mac) to choose several.{" "}
          {chosen.length > 0 ? (
            <button type="button" className="link-button" onClick={() => onChange([])} data-testid={`${testId}-clear`}>
              Clear
            </button>
          ) : null}
        </span>
      }
    >
      {({ id: fieldId, describedBy }) => (
        <select
          id={fieldId}
          multiple
          size={Math.min(6, Math.max(3, options.length))}
          value={chosen}
          onChange={(e) => onChange(Array.from(e.target.selectedOptions, (o) => o.value))}
          aria-describedby={describedBy}
          data-testid={testId}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
